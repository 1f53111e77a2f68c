import type { z } from 'zod';
import { ValidationError, type FieldError } from './problem';

function toFieldErrors(issues: z.core.$ZodIssue[], location: string): FieldError[] {
  return issues.map((issue) => ({
    field: [location, ...issue.path.map(String)].filter(Boolean).join('.') || location,
    message: issue.message,
  }));
}

/** Parses one part of a request (`query`, `params`, `body`) with its schema, or throws a 422. */
export function parseRequestPart<S extends z.ZodType>(schema: S, value: unknown, location: 'query' | 'params' | 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error.issues, location));
  return result.data;
}
