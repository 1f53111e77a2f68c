import { Queue, type Job, type Worker } from 'bullmq';
import { createLogger, createQueueWorker, queueCatalog, QueueProducer, type AnalysisJob, type EnrichmentJob, type JobContext, type Logger } from '@secpipe/core';
import { detectionFactory, fakeFileHash, type IntegrationContext } from '@secpipe/testing';
import type { BaselineRecorder } from '../../src/baselines/baselineRecorder';
import type { BatchPolicy } from '../../src/batching/batchPolicy';
import type { ThumbnailMaker } from '../../src/pipeline/enrichmentJobHandler';
import { createEnrichmentParts, type BatchingConfig } from '../../src/service/enrichmentParts';
import type { EnrichmentStep } from '../../src/steps/enrichmentStep';

export const silentLogger = (): Logger => createLogger({ service: 'enrichment-test', level: 'silent' });

export function testPolicy(overrides: Partial<BatchPolicy['limits']> = {}, fastPathTypes: string[] = ['person'], fastPathThreshold = 0.9): BatchPolicy {
  return { limits: { windowMs: 60_000, idleMs: 1000, maxDetections: 500, ...overrides }, fastPathTypes: new Set(fastPathTypes), fastPathThreshold };
}

export const TEST_BATCHING: BatchingConfig = {
  QUEUE_PREFIX: 'unused',
  BATCH_SWEEP_INTERVAL_MS: 50,
  BATCH_FINALIZE_RETRY_MS: 500,
  BATCH_RECOVERY_INTERVAL_MS: 3_600_000,
  BATCH_RECOVERY_GRACE_SECONDS: 0,
  BATCH_ASSIGNMENT_TTL_SECONDS: 3600,
};

export interface EnrichmentInstance {
  parts: ReturnType<typeof createEnrichmentParts>;
  worker: Worker;
  /** Graceful stop (the batches stay open in Redis for another instance, as after a crash). */
  stop(): Promise<void>;
}

/** One enrichment "replica" in-process: worker, sweeper and recovery over the test's Redis and database. */
export function startInstance(ctx: IntegrationContext, policy: () => BatchPolicy, options: { steps?: EnrichmentStep[]; baselines?: BaselineRecorder; thumbnails?: ThumbnailMaker; concurrency?: number; config?: Partial<BatchingConfig> } = {}): EnrichmentInstance {
  const logger = silentLogger();
  const parts = createEnrichmentParts({
    config: { ...TEST_BATCHING, ...options.config, QUEUE_PREFIX: ctx.prefix },
    prisma: ctx.prisma,
    redis: ctx.redis,
    connection: ctx.connection,
    logger,
    policy,
    steps: options.steps ?? [],
    baselines: options.baselines,
    thumbnails: options.thumbnails,
  });
  const worker = createQueueWorker(queueCatalog.enrichment, parts.handler, { connection: ctx.connection, prefix: ctx.prefix, logger, concurrency: options.concurrency ?? 2 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await worker.close();
    for (const step of parts.steps) await step.close();
  };
  ctx.onClose(stop);
  return { parts, worker, stop };
}

let imageCount = 0;

/** Inserts `count` detections of one image (as the detector would) and returns its enrichment job. */
export async function seedImage(ctx: IntegrationContext, cameraId: string, count: number, fields: { object_type?: string; confidence?: number; bbox?: [number, number, number, number] } = {}): Promise<EnrichmentJob> {
  imageCount += 1;
  const hash = fakeFileHash(`${cameraId}-${imageCount}-${Date.now()}`);
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const [x, y, w, h] = fields.bbox ?? [100 + i * 10, 80, 400, 220];
    const row = await detectionFactory.create(ctx.prisma, {
      camera_id: cameraId,
      file_hash: hash,
      box_index: i,
      file_path: `/data/cameras/${cameraId}/snap_${imageCount}.jpg`,
      detected_at: new Date(),
      object_type: fields.object_type ?? 'car',
      confidence: fields.confidence ?? 0.8,
      bbox_x: x,
      bbox_y: y,
      bbox_width: w,
      bbox_height: h,
    });
    ids.push(row.id);
  }
  return {
    v: 1,
    camera_id: cameraId,
    file_path: `/data/cameras/${cameraId}/snap_${imageCount}.jpg`,
    file_hash: hash,
    detection_ids: ids,
    detected_at: new Date().toISOString(),
    correlation_id: `corr-${imageCount}`,
  };
}

/** Reads what reached the analysis queue. */
export class AnalysisProbe {
  readonly queue: Queue;
  constructor(ctx: IntegrationContext) {
    this.queue = new Queue(queueCatalog.analysis.name, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => this.queue.close());
  }

  async jobs(cameraId?: string): Promise<AnalysisJob[]> {
    const jobs: Job[] = await this.queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
    return jobs.map((job) => job.data as AnalysisJob).filter((data) => !cameraId || data.camera_id === cameraId);
  }
}

export function enrichmentProducer(ctx: IntegrationContext): QueueProducer<typeof queueCatalog.enrichment.schema> {
  const producer = QueueProducer.open(queueCatalog.enrichment, { connection: ctx.connection, prefix: ctx.prefix });
  ctx.onClose(() => producer.close());
  return producer;
}

export function jobContext(): JobContext {
  return { job: { timestamp: Date.now() } as Job, logger: silentLogger(), attempt: 1 };
}
