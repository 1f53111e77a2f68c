import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { problemSchema, validationErrorSchema } from '../schemas/common';

/** Documented response shapes shared by every route module, so error answers are described alike. */

export const jsonResponse = (schema: z.ZodType, description: string): ResponseConfig => ({
  description,
  content: { 'application/json': { schema } },
});

/** An RFC 7807 problem document (404, 409, 503 and other non-validation errors). */
export const problemResponse = (description: string): ResponseConfig => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** The contract's 422 shape. */
export const validationErrorResponse = (description = 'Validation error'): ResponseConfig => jsonResponse(validationErrorSchema, description);

/** Files served as they are (images, videos): one binary entry per media type. */
export const binaryResponse = (mediaTypes: readonly string[], description: string): ResponseConfig => ({
  description,
  content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
});

/** 503 from a route that needs Redis while Redis cannot answer. */
export const redisUnavailableResponse = (): ResponseConfig => problemResponse('Redis unreachable');
