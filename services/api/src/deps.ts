import type { Logger, PrismaClient, Redis } from '@secpipe/core';
import type { ApiConfig } from './config';

/** Everything the routes need, built once by main.ts (or by a test). */
export interface ApiDeps {
  config: ApiConfig;
  logger: Logger;
  prisma: PrismaClient;
  /** Non-blocking client: rate limits, heartbeats, telemetry, pub/sub. */
  redis: Redis;
  version: string;
  now: () => Date;
}
