import { BreakerRegistry } from './breaker';

describe('BreakerRegistry', () => {
  const registry = new BreakerRegistry();
  afterAll(() => registry.shutdown());

  it('opens after consecutive failures, probes half-open after the reset time, closes on success', async () => {
    let fail = true;
    const breaker = registry.create('llm', async () => {
      if (fail) throw new Error('down');
      return 'ok';
    }, { failureThreshold: 3, resetTimeoutMs: 50 });

    for (let i = 0; i < 3; i += 1) await expect(breaker.fire()).rejects.toThrow('down');
    expect(registry.states()).toEqual({ llm: 'open' });
    await expect(breaker.fire()).rejects.toThrow(/open/i);

    await new Promise<void>((resolve) => breaker.once('halfOpen', () => resolve()));
    expect(registry.states()).toEqual({ llm: 'half_open' });
    fail = false;
    await expect(breaker.fire()).resolves.toBe('ok');
    expect(registry.states()).toEqual({ llm: 'closed' });
  });

  it('does not open on failures interleaved with successes', async () => {
    let calls = 0;
    const breaker = registry.create('flaky', async () => {
      calls += 1;
      if (calls % 2 === 0) throw new Error('blip');
      return calls;
    }, { failureThreshold: 2 });
    for (let i = 0; i < 10; i += 1) await breaker.fire().catch(() => undefined);
    expect(registry.states().flaky).toBe('closed');
  });
});
