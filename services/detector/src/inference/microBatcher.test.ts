import { MicroBatcher } from './microBatcher';

function recordingBatcher(maxBatch: number, maxWaitMs: number) {
  const calls: number[][] = [];
  const batcher = new MicroBatcher<number, number>(async (items) => {
    calls.push(items);
    return items.map((i) => i * 10);
  }, { maxBatch, maxWaitMs });
  return { calls, batcher };
}

describe('micro-batcher', () => {
  it('gathers concurrent submissions into one call of up to maxBatch', async () => {
    const { calls, batcher } = recordingBatcher(4, 1000);
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => batcher.submit(i)));
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
    // The first four fill a batch at once; the last two wait for the model to be free.
    expect(calls).toEqual([[1, 2, 3, 4], [5, 6]]);
  });

  it('runs a partial batch when the wait expires', async () => {
    jest.useFakeTimers();
    try {
      const { calls, batcher } = recordingBatcher(8, 20);
      const pending = batcher.submit(7);
      expect(calls).toEqual([]);
      await jest.advanceTimersByTimeAsync(20);
      await expect(pending).resolves.toBe(70);
      expect(calls).toEqual([[7]]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('runs items one at a time with maxBatch 1', async () => {
    const { calls, batcher } = recordingBatcher(1, 50);
    await Promise.all([1, 2, 3].map((i) => batcher.submit(i)));
    expect(calls).toEqual([[1], [2], [3]]);
  });

  it('rejects every item of a failed call, and only those', async () => {
    let first = true;
    const batcher = new MicroBatcher<number, number>(async (items) => {
      if (first) {
        first = false;
        throw new Error('model call failed');
      }
      return items;
    }, { maxBatch: 2, maxWaitMs: 0 });
    const outcomes = await Promise.allSettled([1, 2, 3].map((i) => batcher.submit(i)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });

  it('drains queued items on close and refuses new ones', async () => {
    const { calls, batcher } = recordingBatcher(8, 10_000);
    const pending = batcher.submit(1);
    await batcher.close();
    await expect(pending).resolves.toBe(10);
    expect(calls).toEqual([[1]]);
    await expect(batcher.submit(2)).rejects.toThrow(/shutting down/);
  });
});
