import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { redisKey, type Logger, type Redis } from '@secpipe/core';
import { sendProblem } from '../http/problem';
import { clientIp } from './clientIp';
import { isProbePath } from './exemptPaths';

export type RateLimitTier = 'default' | 'media' | 'search';

export interface TierLimit {
  /** Requests allowed in any sliding 60 s window (the per-minute rate plus its burst allowance). */
  perWindow: number;
}

export interface RateLimitSettings {
  redis: Redis;
  prefix: string;
  logger: Logger;
  tiers: Record<RateLimitTier, TierLimit>;
  windowMs?: number;
}

/**
 * A sliding-window log per client and tier: one sorted set of request timestamps, trimmed to the
 * window on every call. Runs as one script so concurrent requests (and API replicas) cannot
 * both take the last slot. Time comes from Redis, so replicas with skewed clocks agree.
 */
const SLIDING_WINDOW_SCRIPT = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', KEYS[1], window)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return { allowed, count, tonumber(oldest[2] or now), now }
`;

type SlidingWindowRedis = Redis & {
  rateLimitSlidingWindow(key: string, windowMs: number, limit: number, nonce: string): Promise<[number, number, number, number]>;
};

function withSlidingWindowCommand(redis: Redis): SlidingWindowRedis {
  const candidate = redis as SlidingWindowRedis;
  if (typeof candidate.rateLimitSlidingWindow !== 'function') {
    redis.defineCommand('rateLimitSlidingWindow', { numberOfKeys: 1, lua: SLIDING_WINDOW_SCRIPT });
  }
  return candidate;
}

const MEDIA_PATHS = [/^\/api\/media\//, /^\/api\/detections\/[^/]+\/(image|thumbnail|video)\/?$/, /^\/api\/cameras\/[^/]+\/snapshot\/?$/];

export function tierFor(req: Request): RateLimitTier {
  if (MEDIA_PATHS.some((pattern) => pattern.test(req.path))) return 'media';
  const q = (req.query as Record<string, unknown>).q;
  if (q !== undefined && q !== '') return 'search';
  return 'default';
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms at which the oldest counted request leaves the window. */
  resetAtMs: number;
  nowMs: number;
}

export async function checkRateLimit(settings: RateLimitSettings, tier: RateLimitTier, client: string): Promise<RateLimitDecision> {
  const windowMs = settings.windowMs ?? 60_000;
  const limit = settings.tiers[tier].perWindow;
  const key = redisKey(settings.prefix, 'ratelimit', tier, client);
  const redis = withSlidingWindowCommand(settings.redis);
  const [allowed, count, oldestMs, nowMs] = await redis.rateLimitSlidingWindow(key, windowMs, limit, randomBytes(6).toString('hex'));
  return { allowed: allowed === 1, limit, remaining: Math.max(0, limit - count), resetAtMs: oldestMs + windowMs, nowMs };
}

/**
 * Per-client-IP limits by tier with `X-RateLimit-*` headers; 429 with `Retry-After` when spent.
 * If Redis cannot answer, the request is let through (fail open): an outage of the limiter must
 * not become an outage of the API. Health reports the limiter as degraded while Redis is down.
 */
export function rateLimit(settings: RateLimitSettings): RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'OPTIONS' || isProbePath(req.path)) return next();
    let decision: RateLimitDecision;
    try {
      decision = await checkRateLimit(settings, tierFor(req), clientIp(req));
    } catch (error) {
      settings.logger.debug({ err: error }, 'rate limiter unavailable; failing open');
      return next();
    }
    res.setHeader('X-RateLimit-Limit', String(decision.limit));
    res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
    res.setHeader('X-RateLimit-Reset', String(Math.ceil(decision.resetAtMs / 1000)));
    if (decision.allowed) return next();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((decision.resetAtMs - decision.nowMs) / 1000))));
    sendProblem(res, 429, 'Too Many Requests', 'Rate limit exceeded; retry after the time in Retry-After');
  };
}
