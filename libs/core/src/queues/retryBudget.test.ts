import { QUEUE_NAMES, queueCatalog } from './catalog';

/** The shortest total wait BullMQ's exponential backoff can draw before the last attempt. */
function shortestRetryWindowMs(attempts: number, delayMs: number, jitter: number): number {
  let total = 0;
  // BullMQ: the n-th retry waits between (1 - jitter) and 1 times delay * 2^(n-1).
  for (let retry = 1; retry < attempts; retry += 1) total += delayMs * 2 ** (retry - 1) * (1 - jitter);
  return total;
}

describe('retry budget of each queue', () => {
  it.each(QUEUE_NAMES)('%s retries for at least 30 s before a job dead-letters', (name) => {
    const { attempts, backoff } = queueCatalog[name].defaultJobOptions;
    expect(typeof backoff).toBe('object');
    const { type, delay, jitter } = backoff as { type: string; delay: number; jitter?: number };
    expect(type).toBe('exponential');
    // A PostgreSQL restart or a 20 s outage must not dead-letter work that would succeed after it.
    expect(shortestRetryWindowMs(attempts ?? 1, delay, jitter ?? 0)).toBeGreaterThanOrEqual(30_000);
  });
});
