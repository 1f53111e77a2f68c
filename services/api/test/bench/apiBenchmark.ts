import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import type { Express } from 'express';
import autocannon from 'autocannon';
import { Client } from 'pg';
import {
  closeRedis,
  createLogger,
  createMetricsRegistry,
  createPgPool,
  createDatabase,
  createRedis,
  poolConfigFromUrl,
  SERVICE_VERSION,
} from '@secpipe/core';
import {
  ensureTemplateDatabase,
  migrateDeploy,
  quoteIdent,
  summarizeLatencies,
  testDatabaseUrl,
  testRedisUrl,
  withAdminClient,
  withDatabase,
  writeBenchResult,
} from '@secpipe/testing';
import { createApp } from '../../src/app';
import { ChangeFeed } from '../../src/cache/changeFeed';
import { ResponseCache } from '../../src/cache/responseCache';
import { preparedReader } from '../../src/repositories/sqlReader';
import { apiConfigSchema } from '../../src/config';
import { encodeCursor } from '../../src/http/pagination';
import { closeApiQueues, openApiQueues } from '../../src/system/apiQueues';
import { seedBenchDatabase } from './seedBenchDatabase';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DATABASE = `secpipe_bench_api_${EVENTS}`;

interface Scenario {
  name: string;
  path: string;
  /** The statement the route runs for its page, for the raw pg comparison. */
  sql?: { text: string; values: unknown[] };
}

/** Creates (or reuses, when already seeded to this size) the benchmark's own database. */
async function prepareDatabase(): Promise<{ url: string; seeded: boolean; seed_s: number }> {
  const template = await ensureTemplateDatabase();
  const url = withDatabase(testDatabaseUrl(), DATABASE);
  const exists = await withAdminClient(async (admin) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount === 1);
  if (!exists) await withAdminClient((admin) => admin.query(`CREATE DATABASE ${quoteIdent(DATABASE)} TEMPLATE ${quoteIdent(template)}`));
  // A database seeded by an earlier version gets the migrations added since.
  else await migrateDeploy(url);
  const client = new Client(poolConfigFromUrl(url));
  await client.connect();
  try {
    await client.query(`DELETE FROM events WHERE batch_id LIKE 'bench-live-%'`);
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    if (rows[0].n === EVENTS) return { url, seeded: false, seed_s: 0 };
    await client.query('TRUNCATE cameras, events, detections, event_detections CASCADE');
    const started = Date.now();
    process.stdout.write(`seeding ${EVENTS} events and ${EVENTS * 3} detections...\n`);
    await seedBenchDatabase(client, EVENTS);
    return { url, seeded: true, seed_s: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

async function deepCursor(client: Client, pages: number): Promise<string> {
  const { rows } = await client.query<{ started_at: Date; id: number }>(
    'SELECT started_at, id FROM events ORDER BY started_at DESC, id DESC OFFSET $1 LIMIT 1',
    [pages * 50 - 1],
  );
  return encodeCursor({ at: rows[0].started_at, id: rows[0].id });
}

const LIST_SQL = `SELECT p.*, COALESCE((SELECT array_agg(ed.detection_id ORDER BY ed.detection_id) FROM event_detections ed WHERE ed.event_id = p.id), '{}') AS detection_ids
  FROM (SELECT e.* FROM events e WHERE %WHERE% ORDER BY e.started_at DESC, e.id DESC LIMIT 51) p ORDER BY p.started_at DESC, p.id DESC`;
const listSql = (where: string, values: unknown[]) => ({ text: LIST_SQL.replace('%WHERE%', where), values });

function scenarios(cursor: string, cursorAt: Date, cursorId: number): Scenario[] {
  return [
    { name: 'events first page', path: '/api/events?limit=50', sql: listSql('true', []) },
    { name: 'events cursor page 1000', path: `/api/events?limit=50&cursor=${cursor}`, sql: listSql('(e.started_at, e.id) < ($1, $2)', [cursorAt, cursorId]) },
    { name: 'events camera + risk_level', path: '/api/events?limit=50&camera_id=bench_cam_3&risk_level=high', sql: listSql(`e.camera_id = $1 AND e.risk_level = 'high'`, ['bench_cam_3']) },
    { name: 'events q search', path: '/api/events?limit=50&q=delivery%20van', sql: listSql(`(e.search_vector @@ websearch_to_tsquery('english', $1) OR e.camera_id = ANY(ARRAY(SELECT c.id FROM cameras c WHERE c.name ILIKE $2)))`, ['delivery van', '%delivery van%']) },
    { name: 'events stats', path: '/api/events/stats', sql: { text: 'SELECT e.camera_id, e.risk_level, count(*)::int FROM events e GROUP BY 1, 2', values: [] } },
    { name: 'cameras', path: '/api/cameras', sql: { text: 'SELECT * FROM cameras ORDER BY id LIMIT 50', values: [] } },
    { name: 'health', path: '/health' },
  ];
}

async function listen(app: Express): Promise<{ base: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A short warm-up run, then the measured one. */
async function measureRoute(url: string): Promise<Record<string, number>> {
  await runAutocannon(url, WARMUP_S);
  return runAutocannon(url, DURATION_S);
}

function report(name: string, api: Record<string, number>, uncached: Record<string, number> | null, raw: Record<string, number> | null): void {
  const line = (label: string, r: Record<string, number>) => `${label} p50 ${r.p50_ms} ms p99 ${r.p99_ms} ms ${r.req_per_s}/s`;
  const parts = [line('api', api), uncached && line('uncached', uncached), raw && line('pg', raw)].filter(Boolean);
  process.stdout.write(`${name}: ${parts.join(' | ')}\n`);
}

/** Inserts one event every `everyMs` until stopped, as the analyzer would. */
function startEventWriter(client: Client, everyMs: number): { stop: () => Promise<number> } {
  let written = 0;
  let chain = Promise.resolve();
  const timer = setInterval(() => {
    written += 1;
    const n = written;
    chain = chain.then(async () => {
      await client.query(
        `INSERT INTO events (batch_id, camera_id, started_at, risk_score, risk_level, summary, reasoning, object_types, detection_count, analysis_source, updated_at)
         VALUES ($1, 'bench_cam_1', now(), 42, 'medium', 'Live bench event', 'Written while the benchmark reads', ARRAY['person'], 0, 'rules', now())`,
        [`bench-live-${Date.now()}-${n}`],
      );
    });
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await chain;
      return written;
    },
  };
}

async function runAutocannon(url: string, durationS: number): Promise<Record<string, number>> {
  // The load generator runs in a worker thread, so it does not steal the API's event loop
  // (the server under test runs on this process's main thread).
  const result = await autocannon({ url, connections: CONNECTIONS, duration: durationS, workers: 1 });
  return {
    requests: result.requests.total,
    req_per_s: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    non_2xx: result.non2xx,
    errors: result.errors,
  };
}

/** The same statement straight through pg, CONNECTIONS at a time, for the API's own overhead. */
async function runRawPg(databaseUrl: string, sql: { text: string; values: unknown[] }): Promise<Record<string, number>> {
  const pool = createPgPool({ ...poolConfigFromUrl(databaseUrl), max: 10 });
  const samples: number[] = [];
  const deadline = Date.now() + DURATION_S * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = process.hrtime.bigint();
      await pool.query(sql.text, sql.values);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await pool.end();
  const summary = summarizeLatencies(samples);
  return { queries: samples.length, req_per_s: Math.round(samples.length / DURATION_S), p50_ms: summary.p50_ms, p99_ms: summary.p99_ms, max_ms: summary.max_ms };
}

export async function runApiBenchmark(): Promise<void> {
  const database = await prepareDatabase();
  // Rate limits off: the benchmark measures the read path, not the limiter's 429s.
  const config = apiConfigSchema.parse({ DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false' });
  const { prisma, pool } = createDatabase({ databaseUrl: database.url, maxConnections: 10 });
  const sql = preparedReader(pool);
  const redis = createRedis(config.REDIS_URL);
  const queues = openApiQueues(redis, config.QUEUE_PREFIX);
  const logger = createLogger({ service: 'api', level: 'silent' });
  const changes = ChangeFeed.start(database.url, logger);
  await changes.ready;
  // Two apps over the same clients: one with the response cache, one without it (every
  // request runs its SQL), so each scenario shows both paths.
  const appWith = (cacheMb: number) => {
    const metrics = createMetricsRegistry('api');
    const responses = new ResponseCache(changes, { maxBytes: cacheMb * 1024 * 1024, metrics });
    return createApp({ config, logger, prisma, sql, redis, queues, metrics, responses, version: SERVICE_VERSION, now: () => new Date() });
  };
  const cached = await listen(appWith(config.API_RESPONSE_CACHE_MB));
  const uncached = await listen(appWith(0));
  const client = new Client(poolConfigFromUrl(database.url));
  await client.connect();
  const cursorPages = Math.min(1000, Math.floor(EVENTS / 50) - 1);
  const cursor = await deepCursor(client, cursorPages);
  const { rows } = await client.query<{ started_at: Date; id: number }>('SELECT started_at, id FROM events ORDER BY started_at DESC, id DESC OFFSET $1 LIMIT 1', [cursorPages * 50 - 1]);

  const results: Array<Record<string, unknown>> = [];
  try {
    for (const scenario of scenarios(cursor, rows[0].started_at, rows[0].id)) {
      const api = await measureRoute(`${cached.base}${scenario.path}`);
      const apiUncached = await measureRoute(`${uncached.base}${scenario.path}`);
      const raw = scenario.sql ? await runRawPg(database.url, scenario.sql) : null;
      results.push({ scenario: scenario.name, path: scenario.path, api, api_uncached: apiUncached, raw_pg: raw });
      report(scenario.name, api, apiUncached, raw);
    }
    // The same first page while the pipeline writes: a new event every 100 ms (a busy
    // installation makes a few per minute), each retiring the cached page.
    const writer = startEventWriter(client, 100);
    const api = await measureRoute(`${cached.base}/api/events?limit=50`);
    const written = await writer.stop();
    results.push({ scenario: 'events first page, 10 new events/s', path: '/api/events?limit=50', api, events_written: written });
    report('events first page, 10 new events/s', api, null, null);
    await client.query(`DELETE FROM events WHERE batch_id LIKE 'bench-live-%'`);
  } finally {
    await client.end();
    await cached.close();
    await uncached.close();
    await changes.close();
    await closeApiQueues(queues);
    await prisma.$disconnect();
    await closeRedis(redis);
  }
  writeBenchResult('api', {
    seed: { events: EVENTS, detections: EVENTS * 3, cameras: 10, seeded_now: database.seeded, seed_seconds: database.seed_s },
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    cursor_depth_pages: cursorPages,
    targets: { list_p99_ms: 25, search_p99_ms: 100, list_req_per_s: 1500 },
    load_average: loadavg().map((v) => Math.round(v * 100) / 100),
    results,
  });
}
