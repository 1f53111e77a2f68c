import { request, startLiveApi, useIntegrationContext, type LiveApi } from './harness';

const KEY = 'k3y-Secret-Value-0123456789';

describe('API keys', () => {
  const ctx = useIntegrationContext('sec-api-keys');
  let api: LiveApi;
  const app = () => api.url;

  beforeAll(async () => {
    api = await startLiveApi(ctx, { API_KEY_ENABLED: 'true', API_KEYS: `${KEY},second-key` });
  }, 90_000);

  it('requires a key on protected routes, reads and writes alike', async () => {
    for (const [method, path] of [
      ['get', '/api/system/config'],
      ['get', '/api/dlq/stats'],
      ['post', '/api/dlq/requeue/dlq:detection_queue'],
      ['delete', '/api/dlq/dlq:detection_queue'],
      ['post', '/api/system/cleanup?dry_run=true'],
    ] as const) {
      const res = await request(app())[method](path).expect(401);
      expect(res.body).toMatchObject({ status: 401, detail: 'API key required' });
    }
  });

  it('rejects an invalid key and never echoes what was sent', async () => {
    const forged = 'forged-key-<script>alert(1)</script>';
    const viaHeader = await request(app()).get('/api/system/config').set('X-API-Key', forged).expect(401);
    expect(viaHeader.body.detail).toBe('Invalid API key');
    const viaQuery = await request(app()).get(`/api/system/config?api_key=${encodeURIComponent(forged)}`).expect(401);
    for (const res of [viaHeader, viaQuery]) {
      expect(res.text).not.toContain('forged-key');
      expect(JSON.stringify(res.headers)).not.toContain('forged-key');
    }
  });

  it('accepts a valid key in the header or the query without echoing it', async () => {
    const res = await request(app()).get('/api/system/config').set('X-API-Key', KEY).expect(200);
    expect(res.text).not.toContain(KEY);
    await request(app()).get('/api/dlq/stats').set('X-API-Key', 'second-key').expect(200);
    await request(app()).get(`/api/system/config?api_key=${KEY}`).expect(200);
  });

  it('leaves probes, metrics and the API description open', async () => {
    await request(app()).get('/health').expect(200);
    await request(app()).get('/ready').expect(200);
    await request(app()).get('/api/metrics').expect(200);
    await request(app()).get('/openapi.json').expect(200);
    const health = await request(app()).get('/api/system/health/ready');
    expect(health.status).not.toBe(401);
    expect((await request(app()).get('/api/system/health')).status).not.toBe(401);
  });
});
