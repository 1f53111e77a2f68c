import { bootWorkerService, closeRedis, createDatabase, createRedis, loadConfigOrExit, SERVICE_VERSION } from '@secpipe/core';
import type { Server } from 'node:http';
import { createApp } from './app';
import { ChangeFeed } from './cache/changeFeed';
import { ResponseCache } from './cache/responseCache';
import { preparedReader } from './repositories/sqlReader';
import { apiConfigSchema } from './config';
import type { ApiDeps } from './deps';
import { closeApiQueues, openApiQueues } from './system/apiQueues';
import { runRetention } from './system/retention';
import { startRetentionSchedule } from './system/retentionSchedule';
import { currentRuntimeConfig } from './system/runtimeSettings';
import { attachWebSockets } from './ws/attachWebSockets';

/**
 * Composition root: the service kit (logs, metrics registry, ops port with /health /ready
 * /metrics, heartbeat, signals), adapters, the express app; ordered shutdown on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit('api', apiConfigSchema);
  const { prisma, pool } = createDatabase({ databaseUrl: config.DATABASE_URL });
  const kit = await bootWorkerService({
    name: 'api',
    config,
    // Every retention run reads it (GET /api/system/config lists the API as its applier).
    appliesRuntimeConfig: ['retention_days'],
    readiness: async () => ({ database: await pool.query('SELECT 1').then(() => true, () => false) }),
  });
  const logger = kit.logger;
  // Its own client, without an offline queue: a request fails fast (503, rate limiter fails
  // open) while Redis is down instead of waiting for it.
  const redis = createRedis(config.REDIS_URL, 'client');
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
  const queues = openApiQueues(redis, config.QUEUE_PREFIX);
  for (const queue of Object.values(queues)) queue.on('error', (error: Error) => logger.debug({ err: error, queue: queue.name }, 'queue connection error'));
  const metrics = kit.registry;
  const changes = ChangeFeed.start(config.DATABASE_URL, logger);
  const responses = new ResponseCache(changes, { maxBytes: config.API_RESPONSE_CACHE_MB * 1024 * 1024, metrics });
  const deps: ApiDeps = { config, logger, prisma, sql: preparedReader(pool), redis, queues, metrics, responses, version: SERVICE_VERSION, now: () => new Date() };
  const app = createApp(deps);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.API_PORT, () => resolve(listening));
  });
  // Live updates start without waiting for Redis: REST keeps serving while it is away.
  const webSockets = attachWebSockets(server, deps);
  logger.info({ port: config.API_PORT, version: SERVICE_VERSION }, 'api listening');
  const retention = startRetentionSchedule(
    config.RETENTION_CLEANUP_TIME,
    async () => {
      const { retention_days } = await currentRuntimeConfig(deps);
      await runRetention({ prisma, logger, thumbnailDir: config.THUMBNAIL_DIR, retentionDays: retention_days, now: new Date(), dryRun: false });
    },
    logger,
  );
  kit.shutdownSteps.unshift(
    { name: 'retention', close: () => retention.stop() },
    { name: 'websockets', close: () => webSockets.close() },
    { name: 'http', close: () => new Promise<void>((resolve) => server.close(() => resolve())) },
    { name: 'queues', close: () => closeApiQueues(queues) },
    { name: 'change feed', close: () => changes.close() },
    { name: 'prisma', close: () => prisma.$disconnect() },
    { name: 'redis', close: () => closeRedis(redis) },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
