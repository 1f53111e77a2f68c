import type { Logger, StageTimingRecorder } from '@secpipe/core';
import type { RejectionReason } from '../images/validateUpload';
import type { IngestMetrics, SkipReason } from '../ops/ingestMetrics';
import type { CameraActivityRecorder } from './cameraActivity';
import type { Delivery, DeliveryOutcome } from './deliverUpload';
import type { WatermarkTracker } from './watermarkTracker';

export interface UploadRef {
  file: string;
  cameraId: string;
  correlationId: string;
}

/** How many handled files are remembered to ignore their trailing watcher events and rescans. */
const HANDLED_MEMORY = 20_000;

/**
 * Where every upload ends: metrics, one log line, the camera's watermark and activity, and a
 * memory of the file's final size and mtime so a late `change` event or a rescan of the same
 * bytes is not handled (or logged) twice.
 */
export class UploadOutcomes {
  private readonly handled = new Map<string, string>();

  constructor(
    private readonly metrics: IngestMetrics,
    private readonly watermarks: WatermarkTracker,
    private readonly activity: CameraActivityRecorder,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly timings?: StageTimingRecorder,
  ) {}

  wasHandled(file: string, size: number, mtimeMs: number): boolean {
    return this.handled.get(file) === `${size}:${mtimeMs}`;
  }

  private remember(file: string, size: number, mtimeMs: number): void {
    this.handled.delete(file);
    this.handled.set(file, `${size}:${mtimeMs}`);
    if (this.handled.size > HANDLED_MEMORY) this.handled.delete(this.handled.keys().next().value as string);
  }

  rejected(ref: UploadRef, reason: RejectionReason, detail: string, state?: { size: number; mtimeMs: number }): void {
    this.metrics.fileRejected(reason);
    this.logger.warn({ file: ref.file, camera_id: ref.cameraId, correlation_id: ref.correlationId, reason, detail }, 'upload rejected');
    if (state) this.remember(ref.file, state.size, state.mtimeMs);
    this.watermarks.finish(ref.cameraId, ref.file, state?.mtimeMs);
  }

  vanished(ref: UploadRef): void {
    this.metrics.fileSkipped('vanished');
    this.logger.debug({ file: ref.file, correlation_id: ref.correlationId }, 'upload vanished before it was complete');
    this.watermarks.finish(ref.cameraId, ref.file);
  }

  delivered(delivery: Delivery, outcome: DeliveryOutcome): void {
    const { file, camera, size, mtimeMs } = delivery;
    const fields = { file, camera_id: camera.cameraId, correlation_id: delivery.correlationId, file_hash: delivery.contentHash, jobs: delivery.jobs.length };
    if (outcome === 'enqueued') {
      const watchMs = this.now() - delivery.completeAt;
      this.metrics.fileAccepted(watchMs / 1000);
      void this.timings?.record('watch', watchMs);
      this.activity.seen(camera.cameraId, new Date(delivery.receivedAt));
      this.logger.info(fields, 'upload enqueued');
    } else {
      this.skipped(outcome, fields);
    }
    this.remember(file, size, mtimeMs);
    this.watermarks.finish(camera.cameraId, file, mtimeMs);
  }

  private skipped(reason: SkipReason, fields: Record<string, unknown>): void {
    this.metrics.fileSkipped(reason);
    if (reason === 'unknown_camera') this.logger.warn(fields, 'upload from an unknown camera skipped (AUTO_CREATE_CAMERAS=false)');
    else this.logger.info(fields, 'duplicate upload skipped');
  }
}
