interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export interface MicroBatcherSettings {
  maxBatch: number;
  /** How long the first waiting item may wait for company before its batch runs anyway. */
  maxWaitMs: number;
}

/**
 * Dynamic micro-batching: items submitted concurrently are gathered into one call of up to
 * `maxBatch`, or whatever arrived within `maxWaitMs`. One call runs at a time; items that arrive
 * meanwhile form the next batch, which starts as soon as the model is free (they have waited
 * for it already). A failed call rejects every item of that batch.
 */
export class MicroBatcher<I, O> {
  private queue: Array<Pending<I, O>> = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    private readonly settings: MicroBatcherSettings,
  ) {}

  submit(item: I): Promise<O> {
    if (this.closed) return Promise.reject(new Error('detector is shutting down'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Runs what is queued and waits for the call in flight; later submits are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running || this.queue.length > 0) {
      if (!this.running) this.flush();
      await this.running;
    }
  }

  private schedule(): void {
    if (this.running) return;
    if (this.queue.length >= this.settings.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.settings.maxWaitMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.settings.maxBatch);
    this.running = this.execute(batch).finally(() => {
      this.running = undefined;
      if (this.queue.length > 0) this.flush();
    });
  }

  private async execute(batch: Array<Pending<I, O>>): Promise<void> {
    try {
      const outputs = await this.runBatch(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outputs[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
