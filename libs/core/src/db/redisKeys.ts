/**
 * The one rule for Redis key names, as BullMQ's `toKey`: `<prefix>:<namespace>:<part>...`.
 * The prefix is the installation's QUEUE_PREFIX (one per test file in tests), so every key the
 * project writes, queues included, sits under it and two installations never meet.
 */
export function redisKey(prefix: string, namespace: string, ...parts: Array<string | number>): string {
  if (!prefix) throw new Error('redisKey: empty prefix');
  if (!namespace) throw new Error('redisKey: empty namespace');
  return [prefix, namespace, ...parts.map(String)].join(':');
}

/** Key builder bound to one prefix: `keys('heartbeat', 'api')` -> `secpipe:heartbeat:api`. */
export type RedisKeyBuilder = (namespace: string, ...parts: Array<string | number>) => string;

export function redisKeys(prefix: string): RedisKeyBuilder {
  return (namespace, ...parts) => redisKey(prefix, namespace, ...parts);
}
