import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildTestApp, request, useIntegrationContext } from '../../services/api/test/contract';
import { MESSAGE_TYPES } from '@secpipe/core';
import { apiConfigSchema } from '../../services/api/src/config';

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

  it('describes every message type of the catalog and every WebSocket setting the API reads', () => {
    const section = DOC.slice(DOC.indexOf('## WebSocket'));
    for (const type of MESSAGE_TYPES) expect(section).toContain(`\`${type}\``);
    const settings = Object.keys(apiConfigSchema.shape).filter((name) => name.startsWith('WS_') || name === 'WEBSOCKET_TOKEN' || name === 'CAMERA_STATUS_SWEEP_SECONDS');
    expect(settings.length).toBeGreaterThanOrEqual(7);
    for (const key of settings) expect(section).toContain(`\`${key}\``);
  });
});
