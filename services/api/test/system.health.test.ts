import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeRedis, createRedis, heartbeatKey, type Heartbeat } from '@secpipe/core';
import { ownRedis } from '@secpipe/testing';
import { request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

const WORKERS = ['ingest', 'detector', 'enrichment', 'analyzer'];

function heartbeat(service: string, breakers: Heartbeat['breakers'] = {}): Heartbeat {
  const now = new Date().toISOString();
  return { service, version: '0.1.0', status: 'healthy', pid: 4242, started_at: now, updated_at: now, breakers };
}

describe('system health, readiness and circuit breakers', () => {
  const ctx = useIntegrationContext('api-health');
  let llm: Server;
  let llmUrl: string;

  beforeAll(async () => {
    llm = createServer((req, res) => {
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', () => resolve()));
    llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    // fetch keeps its connection alive; close it from the server side so nothing lingers.
    llm.closeAllConnections();
    await new Promise<void>((resolve) => llm.close(() => resolve()));
  });

  async function writeHeartbeats(beats: Heartbeat[]): Promise<void> {
    for (const beat of beats) await ctx.redis.set(heartbeatKey(ctx.prefix, beat.service), JSON.stringify(beat), 'PX', 60_000);
  }

  afterEach(async () => {
    await ctx.redis.del(...WORKERS.map((service) => heartbeatKey(ctx.prefix, service)));
  });

  it('is healthy (200) when the database, Redis, every worker and the LLM answer', async () => {
    await writeHeartbeats(WORKERS.map((service) => heartbeat(service)));
    const { app } = buildTestApp(ctx, {}, { LLM_URL: llmUrl });
    const res = await request(app).get('/api/system/health').expect(200);
    expect(res.body.status).toBe('healthy');
    expect(Object.keys(res.body.services)).toEqual(expect.arrayContaining(['database', 'redis', 'rate_limiter', ...WORKERS, 'llm']));
    expect(res.body.services.database).toMatchObject({ status: 'healthy', details: { latency_ms: expect.any(Number) } });
    // This machine's shared Redis runs without persistence: a warning, not a degraded system.
    expect(res.body.services.redis).toMatchObject({
      status: 'healthy',
      message: expect.stringContaining('warning: Redis runs without persistence'),
      details: { latency_ms: expect.any(Number), persistence: { aof: false, rdb: false, durable: false, warning: expect.stringContaining('a restart loses') } },
    });
    expect(res.body.services.llm.status).toBe('healthy');
    expect(res.body.services.detector.details).toMatchObject({ version: '0.1.0', pid: 4242 });
    expect(Date.parse(res.body.timestamp)).not.toBeNaN();
  });

  it('marks a worker without a heartbeat unhealthy and the system degraded (503)', async () => {
    await writeHeartbeats(WORKERS.filter((service) => service !== 'detector').map((service) => heartbeat(service)));
    const { app } = buildTestApp(ctx);
    const res = await request(app).get('/api/system/health').expect(503);
    expect(res.body.status).toBe('degraded');
    expect(res.body.services.detector).toMatchObject({ status: 'unhealthy', message: expect.stringContaining('No heartbeat') });
    expect(res.body.services.llm.status).toBe('not_configured');
    const ready = await request(app).get('/api/system/health/ready').expect(200);
    expect(ready.body).toMatchObject({ ready: true, status: 'degraded' });
  });

  it('reports an unreachable LLM as a degraded system', async () => {
    await writeHeartbeats(WORKERS.map((service) => heartbeat(service)));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { app } = buildTestApp(ctx, {}, { LLM_URL: `http://127.0.0.1:${port}` });
    const res = await request(app).get('/api/system/health').expect(503);
    expect(res.body.status).toBe('degraded');
    expect(res.body.services.llm.status).toBe('unhealthy');
  });

  it('shows open breakers in health and in the circuit-breaker view', async () => {
    await writeHeartbeats([...WORKERS.filter((s) => s !== 'analyzer').map((s) => heartbeat(s)), heartbeat('analyzer', { llm: 'open', notifier: 'closed' })]);
    const { app } = buildTestApp(ctx);
    const health = await request(app).get('/api/system/health').expect(503);
    expect(health.body.services.analyzer).toMatchObject({ status: 'degraded', message: expect.stringContaining('llm') });
    const breakers = await request(app).get('/api/system/circuit-breakers').expect(200);
    expect(breakers.body).toMatchObject({
      circuit_breakers: {
        'analyzer.llm': { service: 'analyzer', name: 'llm', state: 'open' },
        'analyzer.notifier': { service: 'analyzer', name: 'notifier', state: 'closed' },
      },
      total_count: 2,
      open_count: 1,
      unreported_services: [],
    });
  });

  it('shows a Redis with the append-only file as durable, without a warning', async () => {
    const server = await ownRedis();
    await server.start();
    const redis = createRedis(server.url, 'client', { enableOfflineQueue: true });
    ctx.onClose(async () => {
      await closeRedis(redis);
      await server.stop();
    });
    const { app } = buildTestApp(ctx, { redis });
    const res = await request(app).get('/api/system/health');
    expect(res.body.services.redis).toEqual({
      status: 'healthy',
      message: 'Redis answers',
      details: { latency_ms: expect.any(Number), persistence: { aof: true, rdb: false, durable: true } },
    });
  });

  it('is unhealthy and not ready when PostgreSQL is down', async () => {
    const failing = { ...ctx.prisma, $queryRaw: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432 user=postgres')) };
    const { app } = buildTestApp(ctx, { prisma: failing as unknown as typeof ctx.prisma });
    const res = await request(app).get('/api/system/health').expect(503);
    expect(res.body.status).toBe('unhealthy');
    expect(res.body.services.database.status).toBe('unhealthy');
    expect(res.text).not.toMatch(/ECONNREFUSED|postgres|5432/);
    const ready = await request(app).get('/api/system/health/ready').expect(503);
    expect(ready.body.ready).toBe(false);
  });
});
