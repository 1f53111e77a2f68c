import { closeRedis, createRedis, type Redis } from '@secpipe/core';
import { ownRedis, type OwnRedis } from '@secpipe/testing';
import { cameraFactory, request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';
import { closeApiQueues, openApiQueues } from '../src/system/apiQueues';

/** The API while its Redis (a private redis-server, never the shared one) goes away. */
describe('API with Redis down', () => {
  const ctx = useIntegrationContext('api-redis-down');
  let redisServer: OwnRedis;
  let redis: Redis;

  beforeAll(async () => {
    redisServer = await ownRedis();
    await redisServer.start();
    // ioredis arms a `disconnectTimeout` timer for the socket of its last failed reconnect, which
    // has already closed, so the timer always runs in full; keep it short so the file ends promptly.
    redis = createRedis(redisServer.url, 'client', { disconnectTimeout: 50 });
    redis.on('error', () => undefined);
    await new Promise((resolve) => redis.once('ready', resolve));
  });

  afterAll(async () => {
    await closeRedis(redis);
    await redisServer.stop();
  });

  it('keeps serving reads from PostgreSQL, fails rate limits open and reports a degraded system', async () => {
    await cameraFactory.create(ctx.prisma, { id: 'porch', name: 'Porch', folder_path: '/data/cameras/Porch' });
    const queues = openApiQueues(redis, ctx.prefix);
    for (const queue of Object.values(queues)) queue.on('error', () => undefined);
    const { app } = buildTestApp(ctx, { redis, queues }, { RATE_LIMIT_ENABLED: 'true' });

    const before = await request(app).get('/api/system/stats').expect(200);
    expect(before.headers['x-ratelimit-limit']).toBe('70');

    await Promise.all([redisServer.stop(), new Promise((resolve) => redis.once('close', resolve))]);

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
