import { z } from 'zod';
import { baseServiceEnv, envBoolean, envInt } from './envTypes';
import { ConfigError, loadConfig } from './loadConfig';

describe('loadConfig', () => {
  const schema = baseServiceEnv(9100).extend({ FEATURE: envBoolean(false), BATCH: envInt(8, 1, 64) });

  it('applies defaults when the environment is empty', () => {
    const config = loadConfig('svc', schema, {});
    expect(config).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      OPS_PORT: 9100,
      FEATURE: false,
      BATCH: 8,
      LOG_LEVEL: 'info',
    });
  });

  it('coerces strings to the declared types', () => {
    const config = loadConfig('svc', schema, { FEATURE: 'true', BATCH: '16', OPS_PORT: '0' });
    expect(config).toMatchObject({ FEATURE: true, BATCH: 16, OPS_PORT: 0 });
  });

  it('reports every bad key at once, one readable line each', () => {
    let caught: unknown;
    try {
      loadConfig('svc', schema, { REDIS_URL: 'nonsense', OPS_PORT: 'abc', BATCH: '100', FEATURE: 'maybe' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        'REDIS_URL: must be a redis:// or rediss:// URL (got "nonsense")',
        'OPS_PORT: must be a number (got "abc")',
        'BATCH: must be at most 64 (got "100")',
        'FEATURE: must be true or false (got "maybe")',
      ]),
    );
    expect((caught as ConfigError).message).not.toMatch(/\n\s+at /);
  });

  it('shortens very long values in the message', () => {
    const long = 'x'.repeat(200);
    expect(() => loadConfig('svc', z.object({ REDIS_URL: baseServiceEnv(1).shape.REDIS_URL }), { REDIS_URL: long })).toThrow(
      /got "x{57}\.\.\."/,
    );
  });
});
