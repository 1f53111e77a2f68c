import type { z } from 'zod';
import { PayloadValidationError } from '../resilience/errors';
import type { QueueEntry } from './catalog';

export function describePayloadIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
}

/**
 * Parses a payload against its catalog entry; throws PayloadValidationError listing every
 * problem. Producers parse strictly (`producer`), consumers with unknown keys dropped.
 */
export function validatePayload<S extends z.ZodType>(entry: QueueEntry<S>, payload: unknown, side: 'producer' | 'consumer' = 'producer'): z.output<S> {
  const schema = side === 'producer' ? entry.schema : entry.consumerSchema;
  const result = schema.safeParse(payload);
  if (!result.success) throw new PayloadValidationError(entry.name, describePayloadIssues(result.error.issues));
  return result.data as z.output<S>;
}
