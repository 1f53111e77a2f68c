import type { AnalysisJob, Logger, MessagePublisher, StageTimingRecorder } from '@secpipe/core';
import type { DetectionRepository } from '../detections/detectionRepository';
import type { BatchFacts } from './batchContext';
import type { ClosedBatch, RedisBatchStore } from './batchStore';

export interface BatchHandOffDeps {
  store: RedisBatchStore;
  detections: Pick<DetectionRepository, 'markBatched'>;
  facts: (cameraId: string, detectionIds: number[]) => Promise<BatchFacts>;
  analysis: { enqueue(payload: AnalysisJob): Promise<string> };
  publisher: Pick<MessagePublisher, 'publish'>;
  logger: Logger;
  /** The `batch` stage: from the batch's opening to its hand-off to analysis. */
  timings?: StageTimingRecorder;
}

/**
 * Hands a closed batch to analysis. Every step is idempotent, so a retry (this replica's, or the
 * sweeper's after a crash) repeats none of its effects: the analysis job id is `ana-<batch_id>`,
 * PostgreSQL marks only unmarked rows, and the batch is forgotten in Redis only at the end.
 */
export class BatchHandOff {
  constructor(private readonly deps: BatchHandOffDeps) {}

  async handOff(batchId: string): Promise<ClosedBatch | null> {
    const batch = await this.deps.store.read(batchId);
    if (!batch) {
      await this.deps.store.forget(batchId);
      return null;
    }
    const facts = await this.deps.facts(batch.cameraId, batch.detectionIds);
    const payload: AnalysisJob = {
      v: 1,
      batch_id: batch.batchId,
      camera_id: batch.cameraId,
      detection_ids: batch.detectionIds,
      started_at: (facts.firstDetectedAt ?? batch.startedAt).toISOString(),
      closed_at: batch.closedAt.toISOString(),
      close_reason: batch.reason,
      is_fast_path: batch.fastPath,
      context: facts.context,
      correlation_id: batch.correlationId,
    };
    await this.deps.analysis.enqueue(payload);
    await this.deps.detections.markBatched(batch.batchId, batch.detectionIds);
    await this.deps.publisher.publish('detection.batch', {
      batch_id: batch.batchId,
      camera_id: batch.cameraId,
      detection_ids: batch.detectionIds,
      detection_count: batch.detectionIds.length,
      started_at: payload.started_at,
      closed_at: payload.closed_at,
      close_reason: batch.reason,
    });
    await this.deps.store.forget(batch.batchId);
    void this.deps.timings?.record('batch', Date.now() - batch.startedAt.getTime());
    this.deps.logger.info({ batch_id: batch.batchId, camera_id: batch.cameraId, detection_count: batch.detectionIds.length, close_reason: batch.reason, correlation_id: batch.correlationId }, 'batch closed');
    return batch;
  }

  /** Hands off each batch; one failure is logged and left for the sweeper's retry. */
  async handOffAll(batchIds: string[]): Promise<void> {
    for (const batchId of batchIds) {
      try {
        await this.handOff(batchId);
      } catch (error) {
        this.deps.logger.warn({ err: error, batch_id: batchId }, 'batch hand-off failed; the sweeper retries it');
      }
    }
  }
}
