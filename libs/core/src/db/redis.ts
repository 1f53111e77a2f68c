import { Redis, type RedisOptions } from 'ioredis';

export type { Redis } from 'ioredis';

/**
 * Redis connections. BullMQ workers block on Redis and must never give up on a command
 * (`maxRetriesPerRequest: null`); plain clients fail fast so request paths do not hang
 * while Redis is down.
 */
export function createRedis(url: string, role: 'worker' | 'client' = 'client', extra: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
  return new Redis(url, {
    ...base,
    // Reconnect forever with a capped backoff: a Redis restart must never kill a service.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    lazyConnect: false,
    ...extra,
  });
}

/** Quits a connection, falling back to disconnect when Redis is unreachable. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await Promise.race([redis.quit(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  } catch {
    // quit() rejects when the connection is already closed; disconnect below settles it.
  }
  redis.disconnect();
}
