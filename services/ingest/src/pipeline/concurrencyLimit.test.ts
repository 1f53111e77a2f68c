import { ConcurrencyLimit } from './concurrencyLimit';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 10 }, () => limit.run(task)));
    expect(peak).toBe(2);
  });

  it('starts waiting tasks lowest priority first, ties in arrival order', async () => {
    const limit = new ConcurrencyLimit(1);
    const gate = deferred();
    const order: string[] = [];
    const blocker = limit.run(() => gate.promise, 0);
    const runs = [
      limit.run(async () => void order.push('late-5'), 5),
      limit.run(async () => void order.push('early-1'), 1),
      limit.run(async () => void order.push('second-5'), 5),
      limit.run(async () => void order.push('first-3'), 3),
    ];
    gate.resolve();
    await Promise.all([blocker, ...runs]);
    expect(order).toEqual(['early-1', 'first-3', 'late-5', 'second-5']);
  });

  it('frees the slot when a task throws', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 'ok')).resolves.toBe('ok');
  });
});
