import type { z } from 'zod';
import { PayloadValidationError } from '../resilience/errors';
import type { QueueEntry } from './catalog';

export function describePayloadIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
}

/** Parses a payload against its catalog entry; throws PayloadValidationError listing every problem. */
export function validatePayload<S extends z.ZodType>(entry: QueueEntry<S>, payload: unknown): z.output<S> {
  const result = entry.schema.safeParse(payload);
  if (!result.success) throw new PayloadValidationError(entry.name, describePayloadIssues(result.error.issues));
  return result.data;
}
