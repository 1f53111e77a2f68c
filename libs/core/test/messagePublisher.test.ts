import { useIntegrationContext, waitFor } from '@secpipe/testing';
import { createRedis, closeRedis, MessagePublisher, messageChannel, messageKeys, riskLevelFor } from '../src';

const event = (id: number, risk_score = 20) => ({
  id,
  event_id: id,
  batch_id: `b-${id}`,
  camera_id: 'front_door',
  risk_score,
  risk_level: riskLevelFor(risk_score),
  summary: 'Person walked past',
  reasoning: 'Daytime, sidewalk',
  started_at: '2026-12-02T10:00:00.000Z',
});

describe('message publisher', () => {
  const ctx = useIntegrationContext('messages', { database: false });

  it('numbers messages once, publishes them on the channel and keeps the newest in the replay buffer', async () => {
    const subscriber = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
    ctx.onClose(() => closeRedis(subscriber));
    const received: Array<Record<string, unknown>> = [];
    await subscriber.subscribe(messageChannel(ctx.prefix, 'event'));
    subscriber.on('message', (_channel, text: string) => received.push(JSON.parse(text)));

    const publisher = new MessagePublisher(ctx.redis, ctx.prefix, 3);
    const sent = [];
    for (let id = 1; id <= 5; id += 1) sent.push(await publisher.publish('event', event(id, id === 5 ? 90 : 20)));
    expect(sent.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 5]);
    await waitFor(() => received.length === 5, { what: 'five messages' });
    expect(received[4]).toEqual({ sequence: 5, type: 'event', data: event(5, 90), timestamp: expect.any(String), requires_ack: true });
    expect(received[0]).not.toHaveProperty('requires_ack');

    const replay = await ctx.redis.zrangebyscore(messageKeys(ctx.prefix, 'event').replay, '(2', '+inf');
    expect(replay.map((text) => JSON.parse(text).sequence)).toEqual([3, 4, 5]);
    // system_status shares the sequence but has its own channel and buffer.
    const status = await publisher.publish('system_status', { gpu: null, cameras: { active: 1, total: 2 }, queue: { pending: 0, processing: 0 }, health: 'healthy' });
    expect(status.sequence).toBe(6);
    expect(await ctx.redis.zcard(messageKeys(ctx.prefix, 'system_status').replay)).toBe(1);
  });

  it('refuses data that does not match its type before anything reaches Redis', async () => {
    const publisher = new MessagePublisher(ctx.redis, ctx.prefix);
    const before = await ctx.redis.get(messageKeys(ctx.prefix, 'event').sequence);
    await expect(publisher.publish('event', { ...event(9), risk_score: 300 })).rejects.toThrow();
    await expect(publisher.publish('camera_status', { camera_id: 'Front Door' } as never)).rejects.toThrow();
    expect(await ctx.redis.get(messageKeys(ctx.prefix, 'event').sequence)).toBe(before);
  });
});
