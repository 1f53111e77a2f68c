interface Waiter {
  priority: number;
  start: () => void;
}

/**
 * At most `limit` tasks at a time; waiting tasks start lowest `priority` first (ties in arrival
 * order). The tracker passes each upload's arrival number, so an upload that needs a second look
 * goes ahead of later arrivals: in a burst of 1,000 files the first ones are enqueued first,
 * instead of every file finishing together at the end of a round robin. Written here because
 * p-limit has no priorities and is ESM-only since v4 (this workspace runs CommonJS under jest).
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>, priority = Number.MAX_SAFE_INTEGER): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((start) => this.enqueue({ priority, start }));
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next.start();
      else this.active -= 1;
    }
  }

  private enqueue(waiter: Waiter): void {
    let index = this.waiting.length;
    while (index > 0 && this.waiting[index - 1].priority > waiter.priority) index -= 1;
    this.waiting.splice(index, 0, waiter);
  }
}
