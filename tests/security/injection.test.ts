import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildTestApp, cameraFactory, detectionFactory, eventFactory, LEAK_PATTERN, request, useIntegrationContext } from './harness';

const SQL_INJECTIONS = [
  "' OR '1'='1",
  "1; DROP TABLE events; --",
  "' UNION SELECT password FROM pg_shadow --",
  "1' AND pg_sleep(5)--",
  "admin'--",
  '") OR ("a"="a',
  "'; DELETE FROM detections WHERE '1'='1",
];
const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '<svg/onload=alert(1)>'];
const UNICODE = [
  'caf\u00e9', // NFC
  'cafe\u0301', // NFD
  '\u202egpj.exe', // right-to-left override
  'front\u200bdoor', // zero-width space
  'cam\ufeff', // byte-order mark
  '\ud83d\udcf7\ud83d\udea8', // emoji
  '\u0627\u0644\u0628\u0627\u0628', // Arabic (RTL)
];

/** Every path and query parameter of the routes this API serves, with `{}` where the hostile value goes. */
const TARGETS: Array<[string, string]> = [
  ['get', '/api/dlq/jobs/{}'],
  ['get', '/api/dlq/jobs/dlq:detection_queue?start={}'],
  ['get', '/api/dlq/jobs/dlq:detection_queue?limit={}'],
  ['post', '/api/dlq/requeue/{}'],
  ['post', '/api/dlq/requeue-all/{}'],
  ['delete', '/api/dlq/{}'],
  ['get', '/api/media/cameras/{}/snap.jpg'],
  ['get', '/api/media/cameras/front_door/{}'],
  ['get', '/api/media/cameras/front_door/{}.jpg'],
  ['get', '/api/media/thumbnails/{}'],
  ['get', '/api/media/thumbnails/{}.png'],
  ['post', '/api/system/cleanup?dry_run={}'],
  ['get', '/api/system/stats?q={}'],
  ['get', '/api/system/config?camera_id={}'],
  ['get', '/api/system/telemetry?stage={}'],
];

describe('hostile strings in every path and query parameter', () => {
  const ctx = useIntegrationContext('sec-injection');
  let root: string;
  let counts: () => Promise<number[]>;
  let app: ReturnType<typeof buildTestApp>['app'];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'secpipe-injection-'));
    await cameraFactory.create(ctx.prisma, { id: 'front_door', name: 'Front Door', folder_path: root });
    await detectionFactory.createList(ctx.prisma, 3, { camera_id: 'front_door', detected_at: new Date() });
    await eventFactory.createList(ctx.prisma, 2, { camera_id: 'front_door' });
    app = buildTestApp(ctx, {}, { CAMERA_ROOT: path.dirname(root), THUMBNAIL_DIR: root }).app;
    counts = () => Promise.all([ctx.prisma.camera.count(), ctx.prisma.detection.count(), ctx.prisma.event.count(), ctx.prisma.setting.count()]);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function send(method: string, template: string, value: string) {
    const url = template.replace('{}', encodeURIComponent(value));
    return (request(app) as unknown as Record<string, (url: string) => request.Test>)[method](url);
  }

  it.each(SQL_INJECTIONS)('SQL injection %j: no 500, no SQL text, rows unchanged', async (payload) => {
    const before = await counts();
    for (const [method, template] of TARGETS) {
      const res = await send(method, template, payload);
      expect({ target: template, status: res.status < 500 }).toEqual({ target: template, status: true });
      // The media 403 echoes the requested path (contract shape); anything else SQL-like is a leak.
      expect(res.text.split(JSON.stringify(payload).slice(1, -1)).join('')).not.toMatch(LEAK_PATTERN);
    }
    expect(await counts()).toEqual(before);
  });

  it.each(XSS)('XSS %j is never reflected raw', async (payload) => {
    for (const [method, template] of TARGETS) {
      const res = await send(method, template, payload);
      expect(res.status).toBeLessThan(500);
      // JSON output escapes <, > and &: markup never comes back as markup.
      if (/[<>]/.test(payload)) expect(res.text).not.toContain(payload);
      expect(res.text).not.toMatch(/<script|<img|<svg/i);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it.each(UNICODE)('unicode %j is handled without a server error', async (payload) => {
    const before = await counts();
    for (const [method, template] of TARGETS) {
      const res = await send(method, template, payload);
      expect({ target: template, status: res.status < 500 }).toEqual({ target: template, status: true });
      expect(res.headers['content-type']).toMatch(/json/);
    }
    expect(await counts()).toEqual(before);
  });

  it('rejects invalid percent-encoding with 400, not 500', async () => {
    const res = await request(app).get('/api/dlq/jobs/%E0%A4%A');
    expect(res.status).toBe(400);
  });
});
