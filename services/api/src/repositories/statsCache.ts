import { LRUCache } from 'lru-cache';

/**
 * Aggregates over millions of events cost hundreds of milliseconds each, and dashboards poll
 * them every few seconds from several screens. Identical requests within `ttlMs` share one
 * computation (concurrent ones share the same promise), so stats are at most that stale.
 */
export function cachedByQuery<Q, R extends object>(compute: (query: Q) => Promise<R>, ttlMs = 5000, max = 200): (query: Q) => Promise<R> {
  const cache = new LRUCache<string, R>({
    max,
    ttl: ttlMs,
    fetchMethod: (_key, _stale, { context }) => compute(context as Q),
  });
  return async (query) => {
    const value = await cache.fetch(JSON.stringify(query), { context: query });
    if (value === undefined) throw new Error('stats computation returned nothing');
    return value;
  };
}
