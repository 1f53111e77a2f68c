import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, type Job } from 'bullmq';
import { closeRedis, createRedis, queueCatalog, Registry, type DetectionJob, type PrismaClient, type Redis } from '@secpipe/core';
import type { IntegrationContext } from '@secpipe/testing';
import { ingestConfigSchema, type IngestConfig } from '../../src/config';
import { buildIngestPorts } from '../../src/ingestPorts';
import { startIngestService, type IngestPorts, type IngestService } from '../../src/ingestService';
import { capturedLogger } from './logCapture';

export async function makeCameraRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'ingest-cameras-'));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

export function testConfig(ctx: IntegrationContext, root: string, env: Record<string, string> = {}): IngestConfig {
  return ingestConfigSchema.parse({
    CAMERA_ROOT: root,
    QUEUE_PREFIX: ctx.prefix,
    DATABASE_URL: ctx.databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    OPS_PORT: '0',
    NODE_ENV: 'test',
    ...env,
  });
}

export interface RunningIngest {
  service: IngestService;
  config: IngestConfig;
  registry: Registry;
  redis: Redis;
  logs: () => Array<Record<string, unknown>>;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the ingest pipeline in-process on real adapters, as main.ts wires it. */
export async function startIngest(
  ctx: IntegrationContext,
  config: IngestConfig,
  clients: { prisma?: PrismaClient; adjustPorts?: (ports: IngestPorts) => IngestPorts } = {},
): Promise<RunningIngest> {
  const registry = new Registry();
  const { logger, lines } = capturedLogger();
  const redis = createRedis(config.REDIS_URL, 'client');
  redis.on('error', () => undefined);
  const ports = buildIngestPorts(config, { prisma: clients.prisma ?? ctx.prisma, redis, logger, registry });
  const service = await startIngestService(config, clients.adjustPorts?.(ports) ?? ports);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await service.close();
    await closeRedis(redis);
  };
  ctx.onClose(stop);
  return {
    service,
    config,
    registry,
    redis,
    logs: lines,
    async metric(name, labels = {}) {
      // Histogram series (`x_count`, `x_sum`) live under their base metric with a metricName.
      const base = name.replace(/_(count|sum)$/, '');
      const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name || m.name === base);
      type Sample = { value: number; metricName?: string; labels: Record<string, string | number> };
      const values = ((metric?.values ?? []) as Sample[]).filter((v) => (v.metricName ?? metric?.name) === name);
      return values
        .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
        .reduce((sum, v) => sum + v.value, 0);
    },
    stop,
  };
}

/** Reads the detection queue under the test's prefix (on `redisUrl`, default the shared Redis). */
export function detectionQueue(ctx: IntegrationContext, redisUrl?: string): Queue {
  const connection = redisUrl ? { url: redisUrl, maxRetriesPerRequest: null } : ctx.connection;
  const queue = new Queue(queueCatalog.detection.name, { connection, prefix: ctx.prefix });
  queue.on('error', () => undefined);
  ctx.onClose(() => queue.close());
  return queue;
}

export async function detectionJobs(queue: Queue): Promise<Array<Job<DetectionJob>>> {
  return (await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized'], 0, -1)) as Array<Job<DetectionJob>>;
}
