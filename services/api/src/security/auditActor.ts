import type { Request, Response } from 'express';
import { auditWriter, type AuditWriter } from '@secpipe/core';
import { clientIp } from './clientIp';

/** Actor of changes made while API keys are off. */
export const LOCAL_ACTOR = 'local';

/**
 * The audit writer for one request: the id of the key it was authorised with (set by
 * requireApiKey), or `local` when auth is off, and the client IP as the rate limiter sees it.
 */
export function auditFor(req: Request, res: Response): AuditWriter {
  const keyId = res.locals.apiKeyId as string | undefined;
  return auditWriter({ actor: keyId ?? LOCAL_ACTOR, ip_address: clientIp(req) });
}
