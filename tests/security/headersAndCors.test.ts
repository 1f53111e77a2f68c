import { request, startLiveApi, useIntegrationContext, type LiveApi } from './harness';

describe('security headers and CORS', () => {
  const ctx = useIntegrationContext('sec-headers');
  let api: LiveApi;
  const app = () => api.url;

  beforeAll(async () => {
    api = await startLiveApi(ctx, { CORS_ORIGINS: 'http://dashboard.local:3000', API_KEY_ENABLED: 'true', API_KEYS: 'key-1' });
  }, 90_000);

  it.each([
    ['a success', '/health', 200, 'key-1'],
    ['a 404', '/nope', 404, 'key-1'],
    ['a 401', '/api/system/config', 401, ''],
  ])('sets the headers on %s', async (_label, path, status, key) => {
    const res = await request(app()).get(path).set(key ? { 'X-API-Key': key } : {}).expect(status);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers.server).toBeUndefined();
  });

  it('allows a listed origin', async () => {
    const res = await request(app()).get('/health').set('Origin', 'http://dashboard.local:3000').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://dashboard.local:3000');
    const preflight = await request(app())
      .options('/api/system/config')
      .set('Origin', 'http://dashboard.local:3000')
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', 'content-type,x-api-key');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('PATCH');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/x-api-key/i);
  });

  it('refuses a foreign origin: no CORS grant on requests or preflights', async () => {
    const res = await request(app()).get('/health').set('Origin', 'http://evil.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(app()).options('/api/system/config').set('Origin', 'http://evil.example').set('Access-Control-Request-Method', 'PATCH');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
