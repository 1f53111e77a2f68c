import type { Logger } from '@secpipe/core';
import type { BatchHandOff } from './batchHandOff';
import type { RedisBatchStore } from './batchStore';

export interface BatchSweeperSettings {
  intervalMs: number;
  /** A closed batch whose hand-off has not finished after this long is retried. */
  handOffRetryMs: number;
}

/** Candidates are listed by the local clock; this much slack covers clock skew against Redis's. */
const CLOCK_SLACK_MS = 1000;

/**
 * Closes batches whose deadline has passed and retries stalled hand-offs. Every replica runs
 * one; the close script decides atomically, so a batch closes once whoever sweeps it, and a
 * crashed replica's batches close on the others' sweeps (or on its successor's).
 */
export class BatchSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: RedisBatchStore,
    private readonly handOff: BatchHandOff,
    private readonly settings: BatchSweeperSettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.settings.intervalMs);
    this.timer.unref();
  }

  /** One pass; concurrent calls share the pass in flight. */
  sweep(): Promise<void> {
    this.running ??= this.sweepOnce()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'batch sweep failed; retrying on the next tick'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweepOnce(): Promise<void> {
    const closed: string[] = [];
    for (const batchId of await this.store.dueBatchIds(Date.now() + CLOCK_SLACK_MS)) {
      if (await this.store.closeIfDue(batchId)) closed.push(batchId);
    }
    await this.handOff.handOffAll(closed);
    await this.handOff.handOffAll(await this.store.claimStaleClosing(this.settings.handOffRetryMs));
  }
}
