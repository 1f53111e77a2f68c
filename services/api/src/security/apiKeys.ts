import type { RequestHandler } from 'express';
import { sendProblem } from '../http/problem';
import { apiKeyId, isValidApiKey } from './apiKeyHash';
import { isOpenPath } from './exemptPaths';

function presentedKey(header: string | string[] | undefined, query: unknown): string | undefined {
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader) return fromHeader;
  return typeof query === 'string' && query.length > 0 ? query : undefined;
}

/** 401 unless the request carries a valid key in `X-API-Key` or `?api_key=`. The key is never echoed. */
export function requireApiKey(storedHashes: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS' || isOpenPath(req.path)) return next();
    const key = presentedKey(req.headers['x-api-key'], (req.query as Record<string, unknown>).api_key);
    if (!key) return sendUnauthorized(res, 'API key required');
    if (!isValidApiKey(key, storedHashes)) return sendUnauthorized(res, 'Invalid API key');
    // Read by the audit trail as the actor of any change this request makes.
    res.locals.apiKeyId = apiKeyId(key);
    next();
  };
}

function sendUnauthorized(res: Parameters<RequestHandler>[1], detail: string): void {
  res.setHeader('WWW-Authenticate', 'ApiKey header="X-API-Key"');
  sendProblem(res, 401, 'Unauthorized', detail);
}
