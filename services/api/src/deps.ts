import type { Logger, PrismaClient, QueueName, Redis, Registry } from '@secpipe/core';
import type { Queue } from 'bullmq';
import type { ResponseCache } from './cache/responseCache';
import type { ApiConfig } from './config';
import type { SqlReader } from './repositories/sqlReader';

/** Everything the routes need, built once by main.ts (or by a test). */
export interface ApiDeps {
  config: ApiConfig;
  logger: Logger;
  prisma: PrismaClient;
  /** Hot reads (event and detection lists) through prepared statements on Prisma's own pool. */
  sql: SqlReader;
  /** Non-blocking client: rate limits, heartbeats, telemetry, pub/sub. */
  redis: Redis;
  /** The pipeline's queues (dead letters, depths), sharing the non-blocking client. */
  queues: Record<QueueName, Queue>;
  /** Prometheus registry served at /api/metrics. */
  metrics: Registry;
  /** Answers of hot read routes, kept while the tables they come from are unchanged. */
  responses: ResponseCache;
  version: string;
  now: () => Date;
}
