import { connect } from '../../services/api/test/ws/wsHarness';
import { startLiveApi, useIntegrationContext, type LiveApi } from './harness';

const KEY = 'ws-live-key-0123456789';
const TOKEN = 'ws-live-token';
const ALLOWED = 'http://dashboard.local:3000';

/**
 * WebSocket auth and Origin against the API as a live process with keys, a token and a CORS
 * allow-list: every failure is accepted and then closed 1008 with a reason that never echoes
 * what was sent; unknown paths are refused before the handshake.
 */
describe('WebSocket auth and origin on a live API', () => {
  const ctx = useIntegrationContext('sec-websocket');
  let api: LiveApi;
  let ws: string;

  beforeAll(async () => {
    api = await startLiveApi(ctx, { API_KEY_ENABLED: 'true', API_KEYS: KEY, WEBSOCKET_TOKEN: TOKEN, CORS_ORIGINS: ALLOWED });
    ws = api.url.replace('http', 'ws');
  }, 90_000);

  /** How the server ends a connection attempt: 'open' (it answered a ping) or the close. */
  async function outcome(path: string, options: Parameters<typeof connect>[2] = {}): Promise<'open' | { code: number; reason: string }> {
    const client = connect(ws, path, options);
    await client.opened;
    client.send({ type: 'ping' });
    const result = await Promise.race([client.closed, client.nextOfType('pong').then(() => 'open' as const)]);
    await client.close();
    return result;
  }

  const valid = `api_key=${KEY}&token=${TOKEN}`;

  it('opens with a key (query or subprotocol) and the token, on both paths', async () => {
    expect(await outcome(`/ws/events?${valid}`)).toBe('open');
    expect(await outcome(`/ws/system?token=${TOKEN}`, { protocols: [`api-key.${KEY}`] })).toBe('open');
    expect(await outcome(`/ws/events?${valid}`, { origin: ALLOWED })).toBe('open');
  });

  it('closes 1008 without a key, with a wrong key, without or with a wrong token', async () => {
    expect(await outcome(`/ws/events?token=${TOKEN}`)).toEqual({ code: 1008, reason: 'API key required' });
    expect(await outcome(`/ws/events?api_key=wrong&token=${TOKEN}`)).toEqual({ code: 1008, reason: 'Invalid API key' });
    expect(await outcome(`/ws/system?token=${TOKEN}`, { protocols: ['api-key.wrong'] })).toEqual({ code: 1008, reason: 'Invalid API key' });
    expect(await outcome(`/ws/events?api_key=${KEY}`)).toEqual({ code: 1008, reason: 'Token required' });
    expect(await outcome(`/ws/events?api_key=${KEY}&token=nope`)).toEqual({ code: 1008, reason: 'Invalid token' });
  });

  it('never echoes a forged key, even one carrying markup', async () => {
    const forged = encodeURIComponent('forged-<script>alert(1)</script>');
    const closed = await outcome(`/ws/events?api_key=${forged}&token=${TOKEN}`);
    expect(closed).toEqual({ code: 1008, reason: 'Invalid API key' });
  });

  it('closes 1008 for a foreign or spoofed Origin, even with valid credentials', async () => {
    for (const origin of ['http://evil.example', 'http://dashboard.local:3000.evil.example', 'null', 'http://DASHBOARD.local:3000']) {
      expect({ origin, result: await outcome(`/ws/events?${valid}`, { origin }) }).toEqual({ origin, result: { code: 1008, reason: 'Origin not allowed' } });
    }
  });

  it('refuses unknown and traversing paths before the handshake', async () => {
    for (const path of ['/ws/other', '/ws/events/admin', '/ws/%2e%2e/events', '/api/ws/events', '/WS/EVENTS']) {
      const client = connect(ws, `${path}?${valid}`);
      const refusal = await new Promise<number>((resolve) => {
        client.socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        client.socket.once('open', () => resolve(101));
      });
      client.socket.terminate();
      expect({ path, refusal }).toEqual({ path, refusal: 404 });
    }
  });

  it('answers hostile frames with an error and closes oversize ones', async () => {
    const client = connect(ws, `/ws/events?${valid}`);
    const frames: string[] = [];
    client.socket.on('message', (raw) => frames.push(String(raw)));
    await client.opened;
    client.socket.send('{"type": "subscribe", "channels": [');
    expect(await client.nextOfType('error')).toMatchObject({ error: 'invalid_json' });
    client.socket.send(JSON.stringify({ type: '<script>alert(1)</script>' }));
    expect(await client.nextOfType('error')).toMatchObject({ error: 'unknown_message_type', message: expect.stringContaining('<script>') });
    // The echo travels escaped (\u003c), as in REST answers: never markup on the wire.
    expect(frames.at(-1)).toContain('\\u003cscript\\u003e');
    expect(frames.join('')).not.toContain('<script>');
    client.socket.send(JSON.stringify({ type: 'subscribe', channels: ['x'.repeat(70 * 1024)] }));
    expect((await client.closed).code).toBe(1009);
  });
});
