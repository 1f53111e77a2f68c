import WebSocket from 'ws';
import { freePort, launchService, useIntegrationContext, waitFor } from '@secpipe/testing';
import { checkedFetch, LiveContract } from './liveContract';

/**
 * The checker the e2e suites run every live answer through (tests/e2e/fleet.ts): it passes what
 * a live API process really sends and fails on anything its own documents do not describe.
 */
describe('live contract checks against a launched API process', () => {
  const ctx = useIntegrationContext('contract-live');
  let api: string;
  let contract: LiveContract;

  beforeAll(async () => {
    const port = await freePort();
    const service = launchService('api', { DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.prefix, API_PORT: String(port), OPS_PORT: String(await freePort()), RATE_LIMIT_ENABLED: 'false' });
    ctx.onClose(() => service.stop());
    await service.waitForLog('api listening', 60_000);
    api = `http://127.0.0.1:${port}`;
    contract = await LiveContract.fetch(api);
  }, 90_000);

  it('passes real answers, 2xx and problem documents alike, and maps URLs to their templates', async () => {
    expect((await checkedFetch(contract, 'GET', api, '/api/events?limit=5')).status).toBe(200);
    expect((await checkedFetch(contract, 'GET', api, '/api/events/stats')).status).toBe(200);
    expect((await checkedFetch(contract, 'GET', api, '/api/events/999999')).status).toBe(404);
    expect((await checkedFetch(contract, 'GET', api, '/api/cameras/nowhere')).status).toBe(404);
    expect((await checkedFetch(contract, 'PATCH', api, '/api/system/config', { retention_days: -1 })).status).toBe(422);
    expect(contract.templateOf('/api/events/stats?camera_id=x')).toBe('/api/events/stats');
    expect(contract.templateOf('/api/events/12')).toBe('/api/events/{id}');
    expect([...contract.checked]).toEqual(expect.arrayContaining(['get /api/events/{id} 404', 'patch /api/system/config 422']));
    expect(contract.violations).toEqual([]);
  });

  it('passes the snapshot /ws/system sends on connect', async () => {
    const client = new WebSocket(`${api.replace('http', 'ws')}/ws/system`);
    const received: string[] = [];
    client.on('message', (raw) => received.push(String(raw)));
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    await waitFor(() => received.length > 0, { what: 'a system_status snapshot' });
    client.close();
    for (const raw of received) contract.checkMessage('/ws/system', raw);
    expect(contract.violations).toEqual([]);
  });

  it('fails on a response or message that breaks the documents, and records it', async () => {
    const checker = await LiveContract.fetch(api);
    const json = (body: unknown) => ({ status: 200, contentType: 'application/json', text: JSON.stringify(body), body });
    expect(() => checker.checkResponse('GET', '/api/events', json({ items: [{ id: 'x' }] }))).toThrow(/does not match/);
    expect(() => checker.checkResponse('GET', '/api/nowhere', json({}))).toThrow(/matches no documented path/);
    expect(() => checker.checkResponse('GET', '/health', { ...json({}), status: 418 })).toThrow(/not documented/);
    const event = { id: 1, event_id: 1, batch_id: 'b', camera_id: 'front_door', risk_score: 50, risk_level: 'medium', summary: 's', reasoning: 'r', started_at: new Date().toISOString() };
    const envelope = { type: 'event', data: event, timestamp: new Date().toISOString(), sequence: 1 };
    expect(() => checker.checkMessage('/ws/events', JSON.stringify(envelope))).not.toThrow();
    expect(() => checker.checkMessage('/ws/events', JSON.stringify({ ...envelope, data: { ...event, risk_score: 101 } }))).toThrow(/data does not match/);
    expect(() => checker.checkMessage('/ws/events', JSON.stringify({ ...envelope, sequence: undefined }))).toThrow(/envelope does not match/);
    expect(() => checker.checkMessage('/ws/events', JSON.stringify({ ...envelope, data: { ...event, extra: true } }))).toThrow(/data does not match/);
    expect(() => checker.checkMessage('/ws/system', JSON.stringify(envelope))).toThrow(/on \/ws\/events/);
    expect(() => checker.checkMessage('/ws/events', JSON.stringify({ type: 'surprise', data: {} }))).toThrow(/not in the message catalog/);
    expect(checker.violations).toHaveLength(8);
  });
});
