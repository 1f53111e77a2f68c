import { useIntegrationContext, waitFor } from '@secpipe/testing';
import {
  BreakerRegistry,
  createMetricsRegistry,
  openQueue,
  queueCatalog,
  readHeartbeats,
  registerBreakerGauge,
  registerQueueDepthGauge,
  startHeartbeat,
  startOpsServer,
} from '../src';

describe('ops server, metrics and heartbeat', () => {
  const ctx = useIntegrationContext('ops', { database: false });

  it('serves liveness, readiness and Prometheus metrics with queue depths and breaker states', async () => {
    const registry = createMetricsRegistry('detector');
    const queue = openQueue(queueCatalog.detection, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => queue.close());
    await queue.add('detection', { any: 'thing' }, { jobId: 'depth-1' });
    registerQueueDepthGauge(registry, [queue]);
    const breakers = new BreakerRegistry();
    ctx.onClose(() => breakers.shutdown());
    breakers.create('model', async () => 'ok');
    registerBreakerGauge(registry, breakers);
    let ready = false;
    const ops = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      service: 'detector',
      version: '1.2.3',
      readiness: async () => ({ ready, checks: { model: ready } }),
    });
    ctx.onClose(() => ops.close());
    const base = `http://127.0.0.1:${ops.port}`;

    await expect(fetch(`${base}/health`).then((r) => r.json())).resolves.toEqual({ status: 'alive', service: 'detector', version: '1.2.3' });
    const notReady = await fetch(`${base}/ready`);
    expect(notReady.status).toBe(503);
    ready = true;
    await expect(fetch(`${base}/ready`).then((r) => r.status)).resolves.toBe(200);

    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/queue_jobs\{queue="detection",state="waiting",service="detector"\} 1/);
    expect(metrics).toMatch(/circuit_breaker_state\{breaker="model",service="detector"\} 0/);
    expect(metrics).toMatch(/process_resident_memory_bytes/);
    await expect(fetch(`${base}/nope`).then((r) => r.status)).resolves.toBe(404);
  });

  it('writes a heartbeat with a TTL and removes it on stop', async () => {
    const heartbeat = startHeartbeat({
      redis: ctx.redis,
      prefix: ctx.prefix,
      service: 'enrichment',
      version: '1.0.0',
      intervalMs: 200,
      status: () => ({ status: 'degraded', message: 'ocr model missing', breakers: { ocr: 'open' } }),
    });
    const beats = await waitFor(async () => (await readHeartbeats(ctx.redis, ctx.prefix, ['enrichment', 'analyzer'])).enrichment && (await readHeartbeats(ctx.redis, ctx.prefix, ['enrichment', 'analyzer'])));
    expect(beats.analyzer).toBeNull();
    expect(beats.enrichment).toMatchObject({ service: 'enrichment', status: 'degraded', breakers: { ocr: 'open' }, pid: process.pid });
    const ttl = await ctx.redis.pttl(`${ctx.prefix}:heartbeat:enrichment`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
    await heartbeat.stop();
    await expect(readHeartbeats(ctx.redis, ctx.prefix, ['enrichment'])).resolves.toEqual({ enrichment: null });
  });
});
