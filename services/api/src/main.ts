import { closeRedis, createLogger, createPrisma, createRedis, loadConfigOrExit, SERVICE_VERSION, shutdownOnSignals } from '@secpipe/core';
import type { Server } from 'node:http';
import { createApp } from './app';
import { apiConfigSchema } from './config';

/** Composition root: config, adapters, the express app; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('api', apiConfigSchema);
  const logger = createLogger({ service: 'api', level: config.LOG_LEVEL });
  const prisma = createPrisma({ databaseUrl: config.DATABASE_URL });
  const redis = createRedis(config.REDIS_URL, 'client');
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
  const app = createApp({ config, logger, prisma, redis, version: SERVICE_VERSION, now: () => new Date() });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.API_PORT, () => resolve(listening));
  });
  logger.info({ port: config.API_PORT, version: SERVICE_VERSION }, 'api listening');
  shutdownOnSignals(
    [
      { name: 'http', close: () => new Promise<void>((resolve) => server.close(() => resolve())) },
      { name: 'prisma', close: () => prisma.$disconnect() },
      { name: 'redis', close: () => closeRedis(redis) },
    ],
    { logger },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
