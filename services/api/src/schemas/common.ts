import { z } from 'zod';
import '../http/openapi';
import { paginationQuery } from '../http/pagination';

/** RFC 7807 problem document (404, 409 and other non-validation errors). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
  })
  .openapi('Problem');

export const validationErrorSchema = z
  .object({
    error: z.object({
      code: z.literal('validation_error'),
      message: z.string(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  })
  .openapi('ValidationError');

export const paginationSchema = z
  .object({
    total: z.int().min(0).openapi({ description: 'Matching rows; exact up to the count cap, an estimate above it (see list routes)' }),
    limit: z.int().min(1).max(1000),
    offset: z.int().min(0),
    next_cursor: z.string().nullable(),
    has_more: z.boolean(),
  })
  .openapi('Pagination');

/** `{ items, pagination }`, the shape of every list. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), pagination: paginationSchema }).openapi(name);
}

export const MAX_INT32 = 2_147_483_647;

/** A positive integer path segment (serial ids). */
export const serialId = () =>
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'must be a positive integer')
    .transform(Number)
    .refine((value) => value <= MAX_INT32, 'must be a positive integer')
    .openapi({ type: 'integer', minimum: 1, maximum: MAX_INT32 });

export const uuidId = () => z.uuid({ message: 'must be a UUID' });

export const cameraIdParam = () =>
  z
    .string()
    .min(1)
    .max(100)
    .openapi({ description: 'Normalised folder name, e.g. front_door' });

/** ISO-8601 timestamp in a query string, parsed to a Date. */
export const isoDateQuery = () =>
  z
    .string()
    .refine((value) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value)), 'must be an ISO-8601 date or timestamp')
    .transform((value) => new Date(value))
    .openapi({ type: 'string', format: 'date-time' });

/** Only the literal strings `true` and `false`; `yes`, `1` and friends are a 422. */
export const booleanQuery = () =>
  z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((value) => value === 'true');

export const timestamp = () => z.iso.datetime({ offset: true });

export { paginationQuery };

/** Rejects a date range whose start lies after its end. */
export function dateRangeIsOrdered(value: { start_date?: Date; end_date?: Date }): boolean {
  return !value.start_date || !value.end_date || value.start_date <= value.end_date;
}
export const dateRangeMessage = { message: 'start_date must not be after end_date', path: ['start_date'] };
