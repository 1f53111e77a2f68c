/** Events per second over a sliding window (for gauges such as detection_fps). */
export class RateWindow {
  private readonly buckets: Array<{ second: number; count: number }> = [];

  constructor(
    private readonly windowSeconds = 10,
    private readonly now: () => number = Date.now,
  ) {}

  add(count = 1): void {
    const second = Math.floor(this.now() / 1000);
    const last = this.buckets[this.buckets.length - 1];
    if (last?.second === second) last.count += count;
    else this.buckets.push({ second, count });
    this.prune(second);
  }

  perSecond(): number {
    const second = Math.floor(this.now() / 1000);
    this.prune(second);
    const total = this.buckets.reduce((sum, b) => sum + b.count, 0);
    return total / this.windowSeconds;
  }

  private prune(second: number): void {
    while (this.buckets.length > 0 && this.buckets[0].second <= second - this.windowSeconds) this.buckets.shift();
  }
}
