import { useIntegrationContext } from '@secpipe/testing';
import { openClient, startWsApi, type WsApi } from './wsHarness';
import { eventData } from './wsMessages';

const ctx = useIntegrationContext('ws-replicas');
let first: WsApi;
let second: WsApi;

beforeAll(async () => {
  first = await startWsApi(ctx, { WS_REPLAY_SIZE: '20' });
  second = await startWsApi(ctx, { WS_REPLAY_SIZE: '20' });
});

const sequencesOf = (messages: Array<Record<string, unknown>>, type = 'event') => messages.filter((message) => message.type === type).map((message) => message.sequence as number);

describe('two API replicas on one Redis', () => {
  it('deliver every event once to a client on each, with the same sequences', async () => {
    const onFirst = await openClient(ctx, first.baseUrl, '/ws/events');
    const onSecond = await openClient(ctx, second.baseUrl, '/ws/events');
    // Publishers on both replicas draw from the one counter.
    const published: number[] = [];
    for (let n = 1; n <= 20; n += 1) published.push((await (n % 2 ? first : second).publisher.publish('event', eventData(n))).sequence);

    await onFirst.until((messages) => sequencesOf(messages).length === 20, '20 events on the first replica');
    await onSecond.until((messages) => sequencesOf(messages).length === 20, '20 events on the second replica');
    expect(sequencesOf(onFirst.messages)).toEqual(published);
    expect(sequencesOf(onSecond.messages)).toEqual(published);
    expect(new Set(published).size).toBe(20);
  });
});

describe('resync after a reconnect', () => {
  it('replays exactly the missed messages, in order, flagged replay', async () => {
    const client = await openClient(ctx, first.baseUrl, '/ws/events');
    const seen = await first.publisher.publish('event', eventData(100));
    await client.until((messages) => sequencesOf(messages).includes(seen.sequence), 'the last event before the drop');
    await client.close();

    const missed: number[] = [];
    for (let n = 101; n <= 105; n += 1) missed.push((await second.publisher.publish('event', eventData(n))).sequence);
    missed.push((await second.publisher.publish('camera_status', { camera_id: 'garage', status: 'offline', previous_status: 'online', last_seen_at: null, reason: 'test' })).sequence);

    const back = await openClient(ctx, second.baseUrl, '/ws/events');
    back.send({ type: 'resync', last_sequence: seen.sequence });
    await back.until((messages) => messages.filter((message) => message.replay === true).length === missed.length, 'the replayed messages');
    const replayed = back.messages.filter((message) => message.replay === true);
    expect(replayed.map((message) => message.sequence)).toEqual(missed);
    expect(replayed[0]).toMatchObject({ type: 'event', data: eventData(101), replay: true });
    expect(replayed[5]).toMatchObject({ type: 'camera_status', replay: true });
  });

  it('replays only what the client subscribes to', async () => {
    const start = (await first.publisher.publish('event', eventData(200))).sequence;
    await first.publisher.publish('event', eventData(201));
    const status = await first.publisher.publish('camera_status', { camera_id: 'garage', status: 'online', previous_status: 'offline', last_seen_at: null, reason: 'test' });
    const client = await openClient(ctx, first.baseUrl, '/ws/events');
    client.send({ type: 'subscribe', channels: ['camera_status'] });
    await client.nextOfType('subscribed');
    client.send({ type: 'resync', last_sequence: start });
    await client.until((messages) => messages.some((message) => message.replay === true), 'a replayed message');
    client.send({ type: 'ping' });
    await client.nextOfType('pong');
    expect(client.messages.filter((message) => message.replay === true).map((message) => message.sequence)).toEqual([status.sequence]);
  });

  it('answers resync_required when the gap is older than the buffer', async () => {
    const before = (await first.publisher.publish('event', eventData(300))).sequence;
    for (let n = 301; n <= 330; n += 1) await first.publisher.publish('event', eventData(n));
    const client = await openClient(ctx, first.baseUrl, '/ws/events');
    client.send({ type: 'resync', last_sequence: before });
    const answer = await client.nextOfType('resync_required');
    expect(answer).toMatchObject({ type: 'resync_required', last_sequence: before });
    expect(client.messages.filter((message) => message.replay === true)).toEqual([]);
  });
});
