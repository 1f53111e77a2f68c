import type { ConnectionOptions } from 'bullmq';
import { createStageTimingRecorder, MessagePublisher, queueCatalog, QueueProducer, type Logger, type PrismaClient, type Redis } from '@secpipe/core';
import type { BaselineRecorder } from '../baselines/baselineRecorder';
import { loadBatchFacts } from '../batching/batchContext';
import { Batcher } from '../batching/batcher';
import { BatchHandOff } from '../batching/batchHandOff';
import type { BatchPolicy } from '../batching/batchPolicy';
import { BatchRecovery } from '../batching/batchRecovery';
import { RedisBatchStore } from '../batching/batchStore';
import { BatchSweeper } from '../batching/batchSweeper';
import type { EnrichmentConfig } from '../config';
import { DetectionRepository } from '../detections/detectionRepository';
import { createEnrichmentJobHandler, type ThumbnailMaker } from '../pipeline/enrichmentJobHandler';
import type { EnrichmentStep } from '../steps/enrichmentStep';

export type BatchingConfig = Pick<
  EnrichmentConfig,
  'QUEUE_PREFIX' | 'BATCH_SWEEP_INTERVAL_MS' | 'BATCH_FINALIZE_RETRY_MS' | 'BATCH_RECOVERY_INTERVAL_MS' | 'BATCH_RECOVERY_GRACE_SECONDS' | 'BATCH_ASSIGNMENT_TTL_SECONDS'
>;

export interface EnrichmentPartsDeps {
  config: BatchingConfig;
  prisma: PrismaClient;
  /** A non-blocking client (scripts, publishing). */
  redis: Redis;
  connection: ConnectionOptions;
  logger: Logger;
  policy: () => BatchPolicy;
  steps: EnrichmentStep[];
  thumbnails?: ThumbnailMaker;
  baselines?: BaselineRecorder;
}

/**
 * Everything behind the enrichment worker, built from its adapters: the handler, the batch
 * sweeper and the recovery scan (started here), and what closes them in order. main.ts and the
 * tests build the service the same way.
 */
export function createEnrichmentParts(deps: EnrichmentPartsDeps) {
  const { config, prisma, redis, logger } = deps;
  const detections = new DetectionRepository(prisma);
  const store = new RedisBatchStore(redis, config.QUEUE_PREFIX, config.BATCH_ASSIGNMENT_TTL_SECONDS);
  const analysis = QueueProducer.open(queueCatalog.analysis, { connection: deps.connection, prefix: config.QUEUE_PREFIX });
  const publisher = new MessagePublisher(redis, config.QUEUE_PREFIX);
  const handOff = new BatchHandOff({ store, detections, facts: (camera, ids) => loadBatchFacts(prisma, camera, ids), analysis, publisher, logger, timings: createStageTimingRecorder(redis, config.QUEUE_PREFIX) });
  const batcher = new Batcher(store, handOff, deps.policy);
  const sweeper = new BatchSweeper(store, handOff, { intervalMs: config.BATCH_SWEEP_INTERVAL_MS, handOffRetryMs: config.BATCH_FINALIZE_RETRY_MS }, logger);
  const lostAfterMs = () => {
    const { limits } = deps.policy();
    return limits.windowMs + limits.idleMs + config.BATCH_RECOVERY_GRACE_SECONDS * 1000;
  };
  const recovery = new BatchRecovery(detections, store, handOff, { intervalMs: config.BATCH_RECOVERY_INTERVAL_MS, lostAfterMs }, logger);
  const handler = createEnrichmentJobHandler({ detections, steps: deps.steps, thumbnails: deps.thumbnails, baselines: deps.baselines, batcher, publisher });
  sweeper.start();
  recovery.start();
  return {
    handler,
    store,
    sweeper,
    recovery,
    analysis,
    steps: [
      { name: 'batch sweeper', close: () => sweeper.stop() },
      { name: 'batch recovery', close: () => recovery.stop() },
      { name: 'analysis producer', close: () => analysis.close() },
    ],
  };
}
