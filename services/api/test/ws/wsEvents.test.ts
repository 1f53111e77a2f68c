import { useIntegrationContext, waitFor } from '@secpipe/testing';
import { connect, openClient, startWsApi, type WsApi } from './wsHarness';
import { eventData } from './wsMessages';

const ctx = useIntegrationContext('ws-events');
let api: WsApi;

beforeAll(async () => {
  api = await startWsApi(ctx, { WS_SYSTEM_INTERVAL_SECONDS: '3600' });
});

async function connectedGauge(path: string): Promise<number> {
  const metric = await api.deps.metrics.getSingleMetric('websocket_connected_clients')!.get();
  return metric.values.find((value) => value.labels.path === path)?.value ?? 0;
}

describe('/ws/events fan-out', () => {
  it('delivers a published event to every events client with its sequence, never to /ws/system', async () => {
    const first = await openClient(ctx, api.baseUrl, '/ws/events');
    const second = await openClient(ctx, api.baseUrl, '/ws/events');
    const system = await openClient(ctx, api.baseUrl, '/ws/system');

    const published = await api.publisher.publish('event', eventData(1, { risk_score: 90, risk_level: 'critical' }));
    const [a, b] = await Promise.all([first.nextOfType('event'), second.nextOfType('event')]);

    expect(a).toEqual({ sequence: published.sequence, type: 'event', data: eventData(1, { risk_score: 90, risk_level: 'critical' }), timestamp: published.timestamp, requires_ack: true });
    expect(b).toEqual(a);
    // One loop hands each message to every client, so by now the system client was passed over.
    expect(system.ofType('event')).toEqual([]);
    expect(system.socket.readyState).toBe(system.socket.OPEN);

    const sent = await api.deps.metrics.getSingleMetric('websocket_messages_sent_total')!.get();
    expect(sent.values.find((value) => value.labels.type === 'event')?.value).toBeGreaterThanOrEqual(2);
  });

  it('narrows delivery to subscribed types and cameras', async () => {
    const narrowed = await openClient(ctx, api.baseUrl, '/ws/events');
    narrowed.send({ type: 'subscribe', channels: ['camera_status', 'alert_*'], camera_ids: ['garage'] });
    const ack = await narrowed.nextOfType('subscribed');
    expect(ack).toMatchObject({ channels: ['alert_acknowledged', 'alert_created', 'alert_dismissed', 'camera_status'], camera_ids: ['garage'] });
    const everything = await openClient(ctx, api.baseUrl, '/ws/events');

    await api.publisher.publish('event', eventData(2, { camera_id: 'garage' }));
    const frontDoor = await api.publisher.publish('camera_status', { camera_id: 'front_door', status: 'offline', previous_status: 'online', last_seen_at: null, reason: 'test' });
    const garage = await api.publisher.publish('camera_status', { camera_id: 'garage', status: 'offline', previous_status: 'online', last_seen_at: null, reason: 'test' });

    await everything.until((messages) => messages.filter((message) => message.type === 'camera_status').length === 2, 'both status messages');
    await narrowed.until((messages) => messages.some((message) => message.sequence === garage.sequence), 'the garage status');
    expect(narrowed.messages.map((message) => message.sequence).filter(Boolean)).toEqual([garage.sequence]);
    expect(everything.ofType('camera_status').map((message) => message.sequence)).toEqual([frontDoor.sequence, garage.sequence]);

    narrowed.send({ type: 'unsubscribe', channels: ['camera_status'] });
    expect(await narrowed.nextOfType('unsubscribed')).toMatchObject({ channels: ['alert_acknowledged', 'alert_created', 'alert_dismissed'] });
  });
});

describe('client messages', () => {
  it('answers ping (JSON or plain text), ignores pong and reports bad messages without closing', async () => {
    const client = await openClient(ctx, api.baseUrl, '/ws/events');
    client.send({ type: 'ping' });
    await client.nextOfType('pong');
    client.send('ping');
    await client.until((messages) => messages.filter((message) => message.type === 'pong').length === 2, 'a second pong');

    client.send({ type: 'pong' });
    client.send('{not json');
    client.send({ type: 'dance' });
    client.send({ type: 'resync', last_sequence: 'yesterday' });
    client.send({ type: 'subscribe', channels: ['weather'] });
    client.send([1, 2]);
    await client.until((messages) => messages.filter((message) => message.type === 'error').length === 5, 'five errors');

    expect(client.ofType('error').map((message) => message.error)).toEqual([
      'invalid_json',
      'unknown_message_type',
      'invalid_message_format',
      'invalid_message_format',
      'invalid_message_format',
    ]);
    expect(client.ofType('error')[2]).toMatchObject({ message: expect.any(String), details: { errors: [expect.objectContaining({ field: 'last_sequence' })] } });
    expect(client.ofType('error')[3]).toMatchObject({ details: { unknown_channels: ['weather'] } });
    expect(client.ofType('pong')).toHaveLength(2);
    client.send({ type: 'ping' });
    await client.until((messages) => messages.filter((message) => message.type === 'pong').length === 3, 'still answering');
  });

  it('closes a client that sends more than 64 KiB with 1009', async () => {
    const client = await openClient(ctx, api.baseUrl, '/ws/events');
    client.send('x'.repeat(64 * 1024 + 1));
    expect((await client.closed).code).toBe(1009);
  });
});

describe('paths and connection accounting', () => {
  it('refuses any other path during the upgrade', async () => {
    const client = connect(api.baseUrl, '/ws/other');
    await expect(client.opened).rejects.toThrow('HTTP 404');
    const root = connect(api.baseUrl, '/');
    await expect(root.opened).rejects.toThrow('HTTP 404');
  });

  it('returns the connection gauge to where it started after 5 connect/disconnect rounds', async () => {
    const before = { events: await connectedGauge('/ws/events'), system: await connectedGauge('/ws/system') };
    for (let round = 0; round < 5; round += 1) {
      const events = connect(api.baseUrl, '/ws/events');
      const system = connect(api.baseUrl, '/ws/system');
      await Promise.all([events.opened, system.opened]);
      expect(await connectedGauge('/ws/events')).toBe(before.events + 1);
      await Promise.all([events.close(), system.close()]);
    }
    // The server sees the close after the client does; wait for its bookkeeping.
    await connect(api.baseUrl, '/ws/events').close();
    await waitFor(async () => (await connectedGauge('/ws/events')) === before.events && (await connectedGauge('/ws/system')) === before.system, { what: 'gauge back to its start' });
    expect(api.sockets.fanOut.size).toBe(before.events + before.system);
  });
});

describe('shutdown', () => {
  it('closes every client with 1001 and stops accepting', async () => {
    const leaving = await startWsApi(ctx, { WS_SYSTEM_INTERVAL_SECONDS: '3600' });
    const events = await openClient(ctx, leaving.baseUrl, '/ws/events');
    const system = await openClient(ctx, leaving.baseUrl, '/ws/system');
    await leaving.sockets.close();
    expect((await events.closed).code).toBe(1001);
    expect((await system.closed).code).toBe(1001);
    expect(leaving.sockets.fanOut.size).toBe(0);
    await expect(connect(leaving.baseUrl, '/ws/events').opened).rejects.toThrow();
  });
});
