import { randomBytes } from 'node:crypto';
import { closeRedis, createRedis, type Redis } from '@secpipe/core';
import type { ConnectionOptions } from 'bullmq';
import { testRedisUrl } from '../db/databaseUrls';

/** A key/queue prefix no other test file uses: `t-<label>-<random>`. */
export function uniquePrefix(label = 'test'): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 20);
  return `t-${safe}-${randomBytes(4).toString('hex')}`;
}

export function workerConnection(): ConnectionOptions {
  return { url: testRedisUrl(), maxRetriesPerRequest: null } as ConnectionOptions;
}

export function createTestRedis(): Redis {
  return createRedis(testRedisUrl(), 'client', { enableOfflineQueue: true, maxRetriesPerRequest: 3 });
}

/** Deletes every key under a prefix (SCAN, never KEYS: other suites share this Redis). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

export { closeRedis };
