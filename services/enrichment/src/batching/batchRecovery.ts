import type { Logger } from '@secpipe/core';
import type { DetectionRepository } from '../detections/detectionRepository';
import type { BatchHandOff } from './batchHandOff';
import { newBatchId } from './batchPolicy';
import type { RedisBatchStore } from './batchStore';

export interface BatchRecoverySettings {
  intervalMs: number;
  /** Detections enriched longer ago than this and still in no closed batch count as lost. */
  lostAfterMs: () => number;
  pageSize?: number;
}

/**
 * The safety net for Redis losing batch state (persistence off, a flush): enriched, kept
 * detections that no closed batch took (`detections.batch_id IS NULL`) after every batch they
 * could be in should have closed are batched per camera and handed to analysis. A detection
 * Redis still knows (an open or closing batch) is claimed by nobody here: the claim is the same
 * atomic assignment the batcher uses.
 */
export class BatchRecovery {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly detections: Pick<DetectionRepository, 'findUnbatched'>,
    private readonly store: RedisBatchStore,
    private readonly handOff: BatchHandOff,
    private readonly settings: BatchRecoverySettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.scan();
    this.timer = setInterval(() => void this.scan(), this.settings.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One scan; resolves to the number of detections recovered. */
  scan(): Promise<number> {
    this.running ??= this.scanOnce()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'batch recovery scan failed; retrying on the next tick');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async scanOnce(): Promise<number> {
    const pageSize = this.settings.pageSize ?? 1000;
    const rows = await this.detections.findUnbatched(new Date(Date.now() - this.settings.lostAfterMs()), pageSize);
    const byCamera = new Map<string, number[]>();
    for (const row of rows) byCamera.set(row.camera_id, [...(byCamera.get(row.camera_id) ?? []), row.id]);
    let recovered = 0;
    for (const [cameraId, ids] of byCamera) {
      const batchId = newBatchId(cameraId, 'recovered');
      const claimed = await this.store.closeNow(cameraId, batchId, 'timeout', false, `recovery-${batchId}`, ids);
      if (claimed.length === 0) continue;
      recovered += claimed.length;
      this.logger.warn({ camera_id: cameraId, batch_id: batchId, detection_count: claimed.length }, 'unbatched detections recovered from PostgreSQL');
      await this.handOff.handOffAll([batchId]);
    }
    return recovered;
  }
}
