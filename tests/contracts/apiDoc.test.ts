import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildTestApp, request, useIntegrationContext } from '../../services/api/test/contract';

const DOC = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');

// docs/api.md is written by hand from the route modules; the OpenAPI document is generated from
// them. This keeps the hand-written page from silently missing a route, and its WebSocket
// section honest about what is served.
describe('docs/api.md', () => {
  const ctx = useIntegrationContext('contract-api-doc');

  it('names every operation of the generated OpenAPI document', async () => {
    const { app } = buildTestApp(ctx);
    const document = (await request(app).get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`));
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter((operation) => !DOC.includes(`\`${operation}\``))).toEqual([]);
    expect(DOC).toContain('`GET /openapi.json`');
  });

  it('says the WebSocket endpoints are not served, and they are not', async () => {
    expect(DOC).toMatch(/## WebSocket\s+\*\*Specified, not served yet\.\*\*/);
    const { app } = buildTestApp(ctx);
    for (const endpoint of ['/ws/events', '/ws/system']) {
      const res = await request(app).get(endpoint).set('Connection', 'Upgrade').set('Upgrade', 'websocket').set('Sec-WebSocket-Version', '13').set('Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==');
      expect(res.status).toBe(404);
    }
  });
});
