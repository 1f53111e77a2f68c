import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for the origins in `CORS_ORIGINS` only (`*` allows any, for an operator who asks for it).
 * A foreign origin gets no Access-Control-Allow-Origin header, so browsers refuse the response.
 */
export function corsPolicy(allowedOrigins: string[]): RequestHandler {
  const allowAny = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, allowAny || (origin !== undefined && allowed.has(origin))),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'X-API-Key'],
    exposedHeaders: ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After'],
    maxAge: 600,
  });
}
