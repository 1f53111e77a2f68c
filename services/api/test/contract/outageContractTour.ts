import { closeRedis, createPrisma, createRedis } from '@secpipe/core';
import { freePort, ownRedis, type IntegrationContext } from '@secpipe/testing';
import { closeApiQueues, openApiQueues } from '../../src/system/apiQueues';
import { buildTestApp } from '../testApp';
import type { ResponseValidator } from './responseValidator';
import { tourCaller } from './tourCaller';

/** Readiness and health with PostgreSQL unreachable (nothing listens on the port). */
async function tourDatabaseDown(ctx: IntegrationContext, validator: ResponseValidator): Promise<number> {
  const prisma = createPrisma({ databaseUrl: `postgresql://secpipe:secpipe@127.0.0.1:${await freePort()}/secpipe`, maxConnections: 1 });
  try {
    const { call, count } = tourCaller(buildTestApp(ctx, { prisma }).app, validator);
    await call('get', '/ready', '/ready');
    await call('get', '/api/system/health/ready', '/api/system/health/ready');
    await call('get', '/api/system/health', '/api/system/health');
    return count();
  } finally {
    await prisma.$disconnect();
  }
}

/** The Redis-backed routes after their Redis (a private redis-server, never the shared one) went away. */
async function tourRedisDown(ctx: IntegrationContext, validator: ResponseValidator): Promise<number> {
  const server = await ownRedis();
  await server.start();
  // A short disconnectTimeout so the failed reconnects do not keep the file alive (see system.redisDown.test.ts).
  const redis = createRedis(server.url, 'client', { disconnectTimeout: 50 });
  redis.on('error', () => undefined);
  await new Promise((resolve) => redis.once('ready', resolve));
  const queues = openApiQueues(redis, ctx.prefix);
  for (const queue of Object.values(queues)) queue.on('error', () => undefined);
  try {
    await Promise.all([server.stop(), new Promise((resolve) => redis.once('close', resolve))]);
    const { call, count } = tourCaller(buildTestApp(ctx, { redis, queues }).app, validator);
    await call('get', '/api/system/telemetry', '/api/system/telemetry');
    await call('get', '/api/dlq/stats', '/api/dlq/stats');
    await call('get', '/api/dlq/jobs/{queue_name}', '/api/dlq/jobs/dlq:detection_queue');
    await call('post', '/api/dlq/requeue/{queue_name}', '/api/dlq/requeue/dlq:detection_queue');
    await call('post', '/api/dlq/requeue-all/{queue_name}', '/api/dlq/requeue-all/dlq:detection_queue');
    await call('delete', '/api/dlq/{queue_name}', '/api/dlq/dlq:detection_queue');
    return count();
  } finally {
    await closeApiQueues(queues);
    await closeRedis(redis);
    await server.stop();
  }
}

/**
 * The documented answers that only an outage produces: 503 from readiness and health when
 * PostgreSQL is down, and from the Redis-backed routes when Redis is. Returns the responses checked.
 */
export async function runOutageContractTour(ctx: IntegrationContext, validator: ResponseValidator): Promise<number> {
  return (await tourDatabaseDown(ctx, validator)) + (await tourRedisDown(ctx, validator));
}
