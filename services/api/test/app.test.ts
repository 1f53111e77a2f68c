import request from 'supertest';
import { useIntegrationContext } from '@secpipe/testing';
import { buildTestApp } from './testApp';

describe('api app skeleton', () => {
  const ctx = useIntegrationContext('api-app');

  it('answers liveness without dependencies and readiness from PostgreSQL', async () => {
    const { app } = buildTestApp(ctx);
    await request(app).get('/health').expect(200, { status: 'alive' });
    const ready = await request(app).get('/ready').expect(200);
    expect(ready.body).toEqual({ ready: true, checks: { database: true } });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const { app } = buildTestApp(ctx);
    const res = await request(app).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
  });

  it('serves a browsable /docs page built from the same document, from local assets', async () => {
    const { app } = buildTestApp(ctx);
    const page = await request(app).get('/docs/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('swagger-ui');
    expect(page.text).not.toMatch(/https?:\/\/(cdn|unpkg)/);
    const init = await request(app).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"openapi": "3.1.0"');
    await request(app).get('/docs/swagger-ui-bundle.js').expect(200);
  });

  it('answers unknown paths with a problem document and hides the framework', async () => {
    const { app } = buildTestApp(ctx);
    const res = await request(app).get('/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(JSON.parse(res.text)).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('rejects malformed JSON with 400, not 500', async () => {
    const { app } = buildTestApp(ctx);
    const res = await request(app).post('/health').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(res.text).not.toMatch(/SyntaxError|at JSON|node_modules/);
  });
});

describe('problem documents', () => {
  const ctx = useIntegrationContext('api-problem');

  it('never reflect markup from the request', async () => {
    const { app } = buildTestApp(ctx);
    const res = await request(app).get('/api/cameras/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).not.toContain('<script>');
  });
});
