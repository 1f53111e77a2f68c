import type { Logger } from '@secpipe/core';
import type { CameraActivity, CameraRegistry } from '../cameras/cameraRegistry';
import type { WatermarkTracker } from './watermarkTracker';

/**
 * Camera `last_seen_at` and watermarks, written in batches every few hundred milliseconds
 * instead of once per upload: a burst of uploads costs one UPDATE per camera, and the write
 * stays off the upload -> job path. A failed flush (PostgreSQL down) is retried next tick.
 */
export class CameraActivityRecorder {
  private readonly lastSeen = new Map<string, Date>();
  private readonly persisted = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly registry: CameraRegistry,
    private readonly watermarks: WatermarkTracker,
    private readonly logger: Logger,
  ) {}

  seen(cameraId: string, at: Date): void {
    const previous = this.lastSeen.get(cameraId);
    if (!previous || previous < at) this.lastSeen.set(cameraId, at);
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  private pending(): CameraActivity[] {
    const activity: CameraActivity[] = [];
    for (const cameraId of this.watermarks.cameraIds()) {
      const mark = this.watermarks.safeWatermark(cameraId);
      const lastSeenAt = this.lastSeen.get(cameraId);
      const newMark = mark !== undefined && mark > (this.persisted.get(cameraId) ?? Number.NEGATIVE_INFINITY);
      if (!newMark && !lastSeenAt) continue;
      activity.push({ cameraId, lastSeenAt, watermark: newMark ? new Date(mark) : undefined });
    }
    return activity;
  }

  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const activity = this.pending();
    if (activity.length === 0) return;
    for (const { cameraId } of activity) this.lastSeen.delete(cameraId);
    this.flushing = this.registry
      .recordActivity(activity)
      .then(() => {
        for (const { cameraId, watermark } of activity) if (watermark) this.persisted.set(cameraId, watermark.getTime());
      })
      .catch((error: unknown) => {
        for (const { cameraId, lastSeenAt } of activity) if (lastSeenAt) this.seen(cameraId, lastSeenAt);
        this.logger.warn({ err: error, cameras: activity.length }, 'camera activity not saved; retrying');
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }
}
