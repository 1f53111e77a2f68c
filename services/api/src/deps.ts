import type { Logger, PrismaClient, QueueName, Redis, Registry } from '@secpipe/core';
import type { Queue } from 'bullmq';
import type { ApiConfig } from './config';

/** Everything the routes need, built once by main.ts (or by a test). */
export interface ApiDeps {
  config: ApiConfig;
  logger: Logger;
  prisma: PrismaClient;
  /** Non-blocking client: rate limits, heartbeats, telemetry, pub/sub. */
  redis: Redis;
  /** The pipeline's queues (dead letters, depths), sharing the non-blocking client. */
  queues: Record<QueueName, Queue>;
  /** Prometheus registry served at /api/metrics. */
  metrics: Registry;
  version: string;
  now: () => Date;
}
