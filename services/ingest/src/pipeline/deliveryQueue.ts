import type { Logger } from '@secpipe/core';
import { DeliveryFailure, type Delivery, type DeliveryDependency, type DeliveryOutcome } from './deliverUpload';

export interface DeliveryQueueSettings {
  deliver: (delivery: Delivery) => Promise<DeliveryOutcome>;
  onDelivered: (delivery: Delivery, outcome: DeliveryOutcome) => void;
  logger: Logger;
  retryMinMs: number;
  retryMaxMs: number;
}

/** Parked deliveries retried together, a few at a time, so recovery is quick but gentle. */
const RETRY_BATCH = 16;

/**
 * Delivers uploads; while Redis or PostgreSQL is unavailable, parks them in memory (in arrival
 * order) and retries with exponential backoff, never throwing to the watcher. Parked uploads
 * also hold their camera's watermark back, so a crash during an outage is repaired by the
 * rescan on the next start.
 */
export class DeliveryQueue {
  private readonly parked = new Map<string, Delivery>();
  private backoffMs: number;
  private timer: NodeJS.Timeout | undefined;
  private retrying: Promise<void> | undefined;
  private stopped = false;
  private lastFailure: DeliveryDependency | 'unknown' | undefined;

  constructor(private readonly settings: DeliveryQueueSettings) {
    this.backoffMs = settings.retryMinMs;
  }

  get parkedCount(): number {
    return this.parked.size;
  }

  /** What the last failed delivery could not reach, while anything is parked. */
  get parkedBecause(): DeliveryDependency | 'unknown' | undefined {
    return this.parked.size > 0 ? this.lastFailure : undefined;
  }

  private failed(error: unknown): void {
    this.lastFailure = error instanceof DeliveryFailure ? error.dependency : 'unknown';
  }

  async submit(delivery: Delivery): Promise<void> {
    // During an outage new uploads wait behind the parked ones instead of each hitting a dead Redis.
    if (this.parked.size > 0) return this.park(delivery);
    try {
      this.settings.onDelivered(delivery, await this.settings.deliver(delivery));
    } catch (error) {
      this.failed(error);
      this.settings.logger.warn({ err: error, file: delivery.file }, 'upload parked until redis and postgres answer');
      this.park(delivery);
    }
  }

  private park(delivery: Delivery): void {
    this.parked.set(delivery.file, delivery);
    this.schedule();
  }

  private schedule(delayMs = this.backoffMs): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.retry();
    }, delayMs);
  }

  /** Retry now (Redis just came back) instead of waiting out the backoff. */
  retryNow(): void {
    if (this.parked.size === 0 || this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.backoffMs = this.settings.retryMinMs;
    void this.retry();
  }

  private retry(): Promise<void> {
    this.retrying ??= this.retryParked().finally(() => {
      this.retrying = undefined;
    });
    return this.retrying;
  }

  private async retryParked(): Promise<void> {
    while (this.parked.size > 0 && !this.stopped) {
      const batch = [...this.parked.values()].slice(0, RETRY_BATCH);
      const results = await Promise.allSettled(batch.map((delivery) => this.settings.deliver(delivery)));
      let failed = false;
      results.forEach((result, i) => {
        if (result.status === 'rejected') {
          if (!failed) this.failed(result.reason);
          failed = true;
          return;
        }
        this.parked.delete(batch[i].file);
        this.settings.onDelivered(batch[i], result.value);
      });
      if (failed) {
        this.backoffMs = Math.min(this.backoffMs * 2, this.settings.retryMaxMs);
        this.settings.logger.debug({ parked: this.parked.size, retry_in_ms: this.backoffMs }, 'redelivery failed');
        this.schedule();
        return;
      }
    }
    this.backoffMs = this.settings.retryMinMs;
  }

  /** Stops retrying; what is still parked is found again by the next start's rescan. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.retrying;
  }
}
