import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from '@secpipe/core';
import type { ChangeFeed, WatchedTable } from './changeFeed';

interface CachedBody {
  version: string;
  body: Buffer;
  etag: string;
}

export interface CachedRead {
  /** Names the answer among the route's answers (the parsed query, say). */
  key: string;
  /** Tables the answer is read from: a write to any of them retires it. */
  tables: readonly WatchedTable[];
}

export interface ResponseCacheSettings {
  /** Memory for cached bodies; 0 turns caching off. */
  maxBytes: number;
  metrics: Registry;
}

const REQUESTS_METRIC = 'api_response_cache_requests_total';

function requestCounter(registry: Registry): Counter<'route' | 'result'> {
  const existing = registry.getSingleMetric(REQUESTS_METRIC) as Counter<'route' | 'result'> | undefined;
  return existing ?? new Counter({
    name: REQUESTS_METRIC,
    help: 'Cacheable API reads by route and result (hit, miss; bypass: changes not followed or caching off)',
    labelNames: ['route', 'result'],
    registers: [registry],
  });
}

/** Entries no one asked for in this long are dropped even when still current, to free memory. */
const IDLE_TTL_MS = 5 * 60_000;

/**
 * Serialized JSON answers of hot read routes, kept while the tables they were read from stay
 * unchanged (see ChangeFeed). Dashboards poll the same few pages from several screens; between
 * two writes they get the same bytes without touching PostgreSQL. An answer is never served
 * after a write that committed before the request arrived (read-your-writes, also across
 * processes), identical concurrent misses share one computation, and every answer carries an
 * ETag so a poller that already holds it gets a 304.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, CachedBody> | null;
  private readonly pending = new Map<string, Promise<CachedBody>>();
  private readonly requests: Counter<'route' | 'result'>;

  constructor(
    private readonly feed: ChangeFeed | null,
    settings: ResponseCacheSettings,
  ) {
    this.entries = settings.maxBytes > 0
      ? new LRUCache<string, CachedBody>({ maxSize: settings.maxBytes, sizeCalculation: (entry) => entry.body.length + 200, ttl: IDLE_TTL_MS, updateAgeOnGet: true })
      : null;
    this.requests = requestCounter(settings.metrics);
  }

  /** Whether answers are being kept: caching is on and the database's changes are followed. */
  get following(): boolean {
    return this.entries !== null && this.feed?.listening === true;
  }

  /** Sends the JSON answer of `compute`, from memory while it is current. */
  async send(req: Request, res: Response, read: CachedRead, compute: () => Promise<unknown>): Promise<void> {
    const route = req.route ? String((req.route as { path: unknown }).path) : req.path;
    const version = await this.currentVersion(read.tables);
    if (!this.entries || version === null) {
      this.requests.inc({ route, result: 'bypass' });
      res.json(await compute());
      return;
    }
    const key = `${route}\u0000${read.key}`;
    const cached = this.entries.get(key);
    const hit = cached?.version === version;
    this.requests.inc({ route, result: hit ? 'hit' : 'miss' });
    const entry = hit ? cached : await this.fill(key, version, compute);
    res.set('ETag', entry.etag).type('json').send(entry.body);
  }

  private async currentVersion(tables: readonly WatchedTable[]): Promise<string | null> {
    if (!this.entries || !this.feed) return null;
    return (await this.feed.sync()) ? this.feed.version(tables) : null;
  }

  /** Computes once per (key, version), however many requests wait for it. */
  private fill(key: string, version: string, compute: () => Promise<unknown>): Promise<CachedBody> {
    const pendingKey = `${key}\u0000${version}`;
    let pending = this.pending.get(pendingKey);
    if (!pending) {
      pending = compute()
        .then((value) => {
          const body = Buffer.from(JSON.stringify(value));
          const entry = { version, body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
          this.entries?.set(key, entry);
          return entry;
        })
        .finally(() => this.pending.delete(pendingKey));
      this.pending.set(pendingKey, pending);
    }
    return pending;
  }
}
