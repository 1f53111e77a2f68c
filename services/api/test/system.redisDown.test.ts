import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { closeRedis, createRedis, type Redis } from '@secpipe/core';
import { cameraFactory, request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';
import { closeApiQueues, openApiQueues } from '../src/system/apiQueues';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The API while its Redis (a private redis-server, never the shared one) goes away. */
describe('API with Redis down', () => {
  const ctx = useIntegrationContext('api-redis-down');
  let redisServer: ChildProcess;
  let redis: Redis;

  beforeAll(async () => {
    const port = await freePort();
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    // ioredis arms a `disconnectTimeout` timer for the socket of its last failed reconnect, which
    // has already closed, so the timer always runs in full; keep it short so the file ends promptly.
    redis = createRedis(`redis://127.0.0.1:${port}`, 'client', { disconnectTimeout: 50 });
    redis.on('error', () => undefined);
    // Refused connections until the server listens are expected; the client retries until ready.
    await new Promise((resolve) => redis.once('ready', resolve));
  });

  afterAll(async () => {
    await closeRedis(redis);
    if (redisServer.exitCode === null) {
      redisServer.kill('SIGTERM');
      await once(redisServer, 'exit');
    }
  });

  it('keeps serving reads from PostgreSQL, fails rate limits open and reports a degraded system', async () => {
    await cameraFactory.create(ctx.prisma, { id: 'porch', name: 'Porch', folder_path: '/data/cameras/Porch' });
    const queues = openApiQueues(redis, ctx.prefix);
    for (const queue of Object.values(queues)) queue.on('error', () => undefined);
    const { app } = buildTestApp(ctx, { redis, queues }, { RATE_LIMIT_ENABLED: 'true' });

    const before = await request(app).get('/api/system/stats').expect(200);
    expect(before.headers['x-ratelimit-limit']).toBe('70');

    redisServer.kill('SIGTERM');
    await Promise.all([once(redisServer, 'exit'), new Promise((resolve) => redis.once('close', resolve))]);

    const stats = await request(app).get('/api/system/stats').expect(200);
    expect(stats.body.total_cameras).toBe(1);
    expect(stats.headers['x-ratelimit-limit']).toBeUndefined();
    await request(app).get('/api/system/config').expect(200);

    const health = await request(app).get('/api/system/health').expect(503);
    expect(health.body.status).toBe('degraded');
    expect(health.body.services.database.status).toBe('healthy');
    expect(health.body.services.redis.status).toBe('unhealthy');
    expect(health.body.services.rate_limiter).toMatchObject({ status: 'degraded', message: expect.stringContaining('failing open') });
    expect(health.body.services.detector.status).toBe('unhealthy');
    await request(app).get('/api/system/health/ready').expect(200);

    const telemetry = await request(app).get('/api/system/telemetry').expect(503);
    expect(telemetry.text).toMatch(/Redis/);
    await request(app).get('/api/dlq/stats').expect(503);
    await request(app).get('/api/metrics').expect(200);
    await closeApiQueues(queues);
  });
});
