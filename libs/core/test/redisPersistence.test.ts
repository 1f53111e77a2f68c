import { Writable } from 'node:stream';
import { ownRedis, useIntegrationContext, type OwnRedis } from '@secpipe/testing';
import { closeRedis, createLogger, createRedis, redisPersistence, warnWhenRedisNotDurable, type Redis } from '../src';

/** A logger whose JSON lines land in an array. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'test', level: 'debug', destination }), lines };
}

describe('redisPersistence', () => {
  // The shared Redis of this machine runs without persistence (--save "" --appendonly no).
  const ctx = useIntegrationContext('redis-persistence', { database: false });
  const servers: OwnRedis[] = [];
  const clients: Redis[] = [];

  async function startOwn(options: Parameters<typeof ownRedis>[0] = {}): Promise<Redis> {
    const server = await ownRedis(options);
    servers.push(server);
    await server.start();
    const client = createRedis(server.url, 'client', { enableOfflineQueue: true });
    clients.push(client);
    return client;
  }

  afterAll(async () => {
    for (const client of clients) await closeRedis(client);
    for (const server of servers) await server.stop();
  });

  it('reports a Redis without persistence as not durable and says what a restart loses', async () => {
    const persistence = await redisPersistence(ctx.redis);
    expect(persistence).toMatchObject({ aof: false, rdb: false, durable: false });
    expect(persistence.warning).toMatch(/without persistence.*restart loses all queued jobs, dead letters, open batches and dedupe keys/);
  });

  it('reports a Redis with the append-only file as durable, without a warning', async () => {
    const redis = await startOwn();
    await expect(redisPersistence(redis)).resolves.toEqual({ aof: true, rdb: false, durable: true });
  });

  it('reports RDB snapshots alone as not durable', async () => {
    const redis = await startOwn({ durable: false, args: ['--save', '3600 1'] });
    const persistence = await redisPersistence(redis);
    expect(persistence).toMatchObject({ aof: false, rdb: true, durable: false });
    expect(persistence.warning).toMatch(/RDB snapshots only.*since the last snapshot/);
  });

  it('falls back to INFO persistence where CONFIG is disabled', async () => {
    const durable = await startOwn({ args: ['--rename-command', 'CONFIG', ''] });
    await expect(durable.config('GET', 'appendonly')).rejects.toThrow(/unknown command/i);
    await expect(redisPersistence(durable)).resolves.toMatchObject({ aof: true, durable: true });

    const volatile = await startOwn({ durable: false, args: ['--rename-command', 'CONFIG', ''] });
    await expect(redisPersistence(volatile)).resolves.toMatchObject({ aof: false, rdb: false, durable: false });
  });

  it('logs one warn at boot for a Redis that is not durable, and nothing for one that is', async () => {
    const volatile = capturingLogger();
    await warnWhenRedisNotDurable(ctx.redis, volatile.logger);
    expect(volatile.lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'redis is not durable', redis_aof: false, redis_rdb: false, warning: expect.stringContaining('a restart loses') }),
    ]);

    const durable = capturingLogger();
    await warnWhenRedisNotDurable(await startOwn(), durable.logger);
    expect(durable.lines).toEqual([]);
  });
});
