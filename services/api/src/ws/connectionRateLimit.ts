import { redisKey, type Logger, type Redis } from '@secpipe/core';

export interface ConnectionRateLimitSettings {
  redis: Redis;
  prefix: string;
  perMinute: number;
  logger: Logger;
}

/**
 * New connections per client IP per minute, counted in Redis so every replica shares the budget.
 * A fixed one-minute window (INCR + PEXPIRE in one MULTI) is enough here: it bounds reconnect
 * storms, and unlike HTTP requests a connection is long-lived. Fails open when Redis cannot
 * answer, as the HTTP limiter does: a limiter outage must not become a live-update outage.
 */
export async function allowConnection(settings: ConnectionRateLimitSettings, ip: string): Promise<boolean> {
  const windowStart = Math.floor(Date.now() / 60_000);
  const key = redisKey(settings.prefix, 'ws', 'connections', ip, windowStart);
  try {
    const results = await settings.redis.multi().incr(key).pexpire(key, 60_000).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    return count <= settings.perMinute;
  } catch (error) {
    settings.logger.debug({ err: error }, 'websocket connection limiter unavailable; failing open');
    return true;
  }
}
