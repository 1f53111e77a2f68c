import { useIntegrationContext, waitFor } from '@secpipe/testing';
import { connect, openClient, startWsApi, type WsApi } from './wsHarness';

const ctx = useIntegrationContext('ws-auth', { database: true });
const KEY = 'ws-test-key';
const TOKEN = 'ws-test-token';
let keyed: WsApi;
let tokened: WsApi;

beforeAll(async () => {
  keyed = await startWsApi(ctx, { API_KEY_ENABLED: 'true', API_KEYS: KEY, CORS_ORIGINS: 'http://allowed.example' });
  tokened = await startWsApi(ctx, { WEBSOCKET_TOKEN: TOKEN });
});

/** Opens a socket and reports whether it stays open (answers a ping) or how it was closed. */
async function outcome(baseUrl: string, path: string, options: Parameters<typeof connect>[2] = {}): Promise<'open' | number> {
  const client = connect(baseUrl, path, options);
  await client.opened;
  const closedOrPong = await Promise.race([client.closed.then((closed) => closed.code), (client.send({ type: 'ping' }), client.nextOfType('pong').then(() => 'open' as const))]);
  await client.close();
  return closedOrPong;
}

describe('WebSocket auth at the upgrade', () => {
  it('accepts a key in the query or as the api-key subprotocol, closes 1008 otherwise', async () => {
    expect(await outcome(keyed.baseUrl, '/ws/events')).toBe(1008);
    expect(await outcome(keyed.baseUrl, '/ws/events?api_key=wrong')).toBe(1008);
    expect(await outcome(keyed.baseUrl, '/ws/events', { protocols: ['api-key.wrong'] })).toBe(1008);
    expect(await outcome(keyed.baseUrl, `/ws/events?api_key=${KEY}`)).toBe('open');
    expect(await outcome(keyed.baseUrl, '/ws/system', { protocols: [`api-key.${KEY}`] })).toBe('open');
  });

  it('says why it closed', async () => {
    const client = connect(keyed.baseUrl, '/ws/events?api_key=wrong');
    expect(await client.closed).toEqual({ code: 1008, reason: 'Invalid API key' });
  });

  it('answers the subprotocol a key-only client offered, and prefers any other one', async () => {
    const keyOnly = await openClient(ctx, keyed.baseUrl, '/ws/events', { protocols: [`api-key.${KEY}`] });
    expect(keyOnly.socket.protocol).toBe(`api-key.${KEY}`);
    const withOther = await openClient(ctx, keyed.baseUrl, '/ws/events', { protocols: [`api-key.${KEY}`, 'secpipe.v1'] });
    expect(withOther.socket.protocol).toBe('secpipe.v1');
  });

  it('checks Origin against the CORS allow-list; clients without Origin pass', async () => {
    expect(await outcome(keyed.baseUrl, `/ws/events?api_key=${KEY}`, { origin: 'http://evil.example' })).toBe(1008);
    expect(await outcome(keyed.baseUrl, `/ws/events?api_key=${KEY}`, { origin: 'http://allowed.example' })).toBe('open');
    expect(await outcome(tokened.baseUrl, `/ws/events?token=${TOKEN}`, { origin: 'http://evil.example' })).toBe(1008);
  });

  it('requires ?token= when WEBSOCKET_TOKEN is set', async () => {
    expect(await outcome(tokened.baseUrl, '/ws/events')).toBe(1008);
    expect(await outcome(tokened.baseUrl, '/ws/events?token=nope')).toBe(1008);
    expect(await outcome(tokened.baseUrl, `/ws/events?token=${TOKEN}`)).toBe('open');
  });
});

describe('per-IP connection rate limit', () => {
  it('answers 429 once an address has opened its connections for the minute', async () => {
    const limited = await startWsApi(ctx, { RATE_LIMIT_ENABLED: 'true', WS_CONNECTIONS_PER_MINUTE: '2' });
    await openClient(ctx, limited.baseUrl, '/ws/events');
    await openClient(ctx, limited.baseUrl, '/ws/system');
    await expect(connect(limited.baseUrl, '/ws/events').opened).rejects.toThrow('HTTP 429');
  });
});

describe('heartbeat and idle timeout', () => {
  it('pings with the last sequence, then closes an idle client with 1000 "Idle timeout"', async () => {
    const quick = await startWsApi(ctx, { WS_HEARTBEAT_SECONDS: '1', WS_IDLE_TIMEOUT_SECONDS: '2' });
    const published = await quick.publisher.publish('service_status', { service: 'detector', status: 'healthy', message: 'Running' });
    const client = await openClient(ctx, quick.baseUrl, '/ws/events');
    let protocolPings = 0;
    client.socket.on('ping', () => (protocolPings += 1));
    const ping = await client.nextOfType('ping');
    expect(ping).toEqual({ type: 'ping', last_seq: published.sequence });
    // The protocol ping follows the JSON one on the wire: wait for it rather than assume it came first.
    await waitFor(() => protocolPings >= 1, { what: 'a protocol ping' });

    const started = Date.now();
    expect(await client.closed).toEqual({ code: 1000, reason: 'Idle timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps a client that answers pong open past the idle timeout', async () => {
    const quick = await startWsApi(ctx, { WS_HEARTBEAT_SECONDS: '1', WS_IDLE_TIMEOUT_SECONDS: '2' });
    const client = await openClient(ctx, quick.baseUrl, '/ws/events');
    client.socket.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ping') client.send({ type: 'pong' });
    });
    await client.until((messages) => messages.filter((message) => message.type === 'ping').length >= 4, 'four heartbeats', 8000);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });
});
