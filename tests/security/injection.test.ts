import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alertFactory, cameraFactory, detectionFactory, eventFactory, LEAK_PATTERN, request, startLiveApi, useIntegrationContext, zoneFactory } from './harness';

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

const RULE = '00000000-0000-4000-8000-0000000000aa';
const ZONE = '00000000-0000-4000-8000-0000000000bb';
const ALERT = '00000000-0000-4000-8000-0000000000cc';

type Target = [method: 'get' | 'post' | 'put' | 'patch' | 'delete', template: string, body?: object];

/**
 * Every parameter a handler passes to PostgreSQL, with `{}` where the hostile value goes: list
 * filters (bound into hand-written SQL), ids in paths (Prisma lookups, updates and deletes) and
 * the audit filters. Parameters no handler reads would prove nothing.
 */
const SQL_TARGETS: Target[] = [
  ['get', '/api/events?q={}'],
  ['get', '/api/events?camera_id={}'],
  ['get', '/api/events?object_type={}'],
  ['get', '/api/events?risk_level={}'],
  ['get', '/api/events?start_date={}'],
  ['get', '/api/events?end_date={}'],
  ['get', '/api/events?q={}&camera_id=front_door&object_type=person'],
  ['get', '/api/events/stats?camera_id={}'],
  ['get', '/api/events/{}'],
  ['patch', '/api/events/{}', { reviewed: true }],
  ['get', '/api/detections?camera_id={}'],
  ['get', '/api/detections?object_type={}'],
  ['get', '/api/detections?min_confidence={}'],
  ['get', '/api/detections?start_date={}'],
  ['get', '/api/detections?end_date={}'],
  ['get', '/api/detections/stats?camera_id={}'],
  ['get', '/api/cameras/{}'],
  ['patch', '/api/cameras/{}', { status: 'offline' }],
  ['delete', '/api/cameras/{}'],
  ['get', '/api/cameras/{}/snapshot'],
  ['get', '/api/cameras/{}/zones'],
  ['post', '/api/cameras/{}/zones', { name: 'Hostile', coordinates: [[0, 0], [1, 1]] }],
  ['get', `/api/cameras/{}/zones/${ZONE}`],
  ['get', '/api/cameras/front_door/zones/{}'],
  ['put', '/api/cameras/front_door/zones/{}', { enabled: false }],
  ['delete', '/api/cameras/front_door/zones/{}'],
  ['get', '/api/alerts/rules/{}'],
  ['put', '/api/alerts/rules/{}', { enabled: false }],
  ['delete', '/api/alerts/rules/{}'],
  ['post', '/api/alerts/rules/{}/test'],
  ['post', '/api/alerts/{}/acknowledge'],
  ['post', '/api/alerts/{}/dismiss'],
  ['get', '/api/audit?action={}'],
  ['get', '/api/audit?resource_type={}'],
  ['get', '/api/audit?resource_id={}'],
  ['get', '/api/audit?actor={}'],
  ['get', '/api/audit?start_date={}'],
  ['get', '/api/audit?end_date={}'],
  ['get', '/api/audit?cursor={}'],
];

/** Routes that echo or look up their input outside SQL (media paths, queue names): checked for reflection. */
const ECHO_TARGETS: Target[] = [
  ['get', '/api/dlq/jobs/{}'],
  ['post', '/api/dlq/requeue/{}'],
  ['get', '/api/media/cameras/{}/snap.jpg'],
  ['get', '/api/media/cameras/front_door/{}.jpg'],
  ['get', '/api/media/thumbnails/{}'],
];

/**
 * Filters compared for equality: every row listed must hold exactly the hostile value (only the
 * audit trail's record of a refused change does), so a tautology cannot widen the filter.
 */
const EXACT_FILTER = /[?&](camera_id|object_type|action|resource_type|resource_id|actor)=\{\}/;

const TABLES = ['cameras', 'detections', 'events', 'event_detections', 'zones', 'alert_rules', 'alerts', 'settings', 'audit_logs'];

describe('hostile strings in every parameter that reaches the database', () => {
  const ctx = useIntegrationContext('sec-injection');
  let root: string;
  let app: string;

  /** Row counts of everything but the audit trail, which records refused changes by design. */
  const counts = async () => {
    const rows = await ctx.prisma.$queryRawUnsafe<Array<{ t: string; n: number }>>(
      TABLES.filter((table) => table !== 'audit_logs')
        .map((table) => `SELECT '${table}' AS t, count(*)::int AS n FROM ${table}`)
        .join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((row) => [row.t, row.n]));
  };

  async function expectTablesExist(): Promise<void> {
    const rows = await ctx.prisma.$queryRaw<Array<{ name: string | null }>>`SELECT to_regclass(t)::text AS name FROM unnest(${TABLES}::text[]) AS t`;
    expect(rows.map((row) => row.name)).toEqual(TABLES);
  }

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'secpipe-injection-'));
    await cameraFactory.create(ctx.prisma, { id: 'front_door', name: 'Front Door', folder_path: root });
    const detections = await detectionFactory.createList(ctx.prisma, 3, { camera_id: 'front_door', detected_at: new Date(), object_type: 'person' });
    const [event] = await eventFactory.createList(ctx.prisma, 2, { camera_id: 'front_door', object_types: ['person'], detections: { create: [{ detection_id: detections[0].id }] } });
    await zoneFactory.create(ctx.prisma, { id: ZONE, camera_id: 'front_door' });
    await alertFactory.create(ctx.prisma, { id: ALERT, event_id: event.id });
    await ctx.prisma.alertRule.create({ data: { id: RULE, name: 'Hostile input rule' } });
    await ctx.prisma.auditLog.create({ data: { action: 'camera.update', resource_type: 'camera', resource_id: 'front_door', actor: 'local' } });
    app = (await startLiveApi(ctx, { CAMERA_ROOT: path.dirname(root), THUMBNAIL_DIR: root })).url;
  }, 90_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function send([method, template, body]: Target, value: string) {
    const pending = request(app)[method](template.replace('{}', encodeURIComponent(value)));
    return body ? pending.send(body) : pending;
  }

  it.each(SQL_INJECTIONS)('SQL injection %j: no 500, no SQL text, rows and tables intact', async (payload) => {
    const before = await counts();
    for (const target of SQL_TARGETS) {
      const started = Date.now();
      const res = await send(target, payload);
      expect({ target: target[1], status: res.status < 500 }).toEqual({ target: target[1], status: true });
      // 404 details name the id asked for; the payload itself is not a leak, anything else SQL-like is.
      expect({ target: target[1], text: res.text.split(JSON.stringify(payload).slice(1, -1)).join('') }).not.toEqual({ target: target[1], text: expect.stringMatching(LEAK_PATTERN) });
      // A tautology such as ' OR '1'='1 widened no filter.
      const field = EXACT_FILTER.exec(target[1])?.[1];
      if (field && Array.isArray(res.body?.items)) {
        const widened = (res.body.items as Array<Record<string, unknown>>).filter((item) => item[field] !== payload);
        expect({ target: target[1], widened }).toEqual({ target: target[1], widened: [] });
      }
      // pg_sleep(5) never ran: the value was bound as data.
      expect(Date.now() - started).toBeLessThan(4000);
    }
    expect(await counts()).toEqual(before);
    await expectTablesExist();
    // The refused delete is in the audit trail with the hostile id stored verbatim, as data.
    const refused = await ctx.prisma.auditLog.findFirst({ where: { action: 'camera.delete', resource_id: payload } });
    expect(refused).toMatchObject({ status: 'failure' });
  });

  it('still finds the seeded rows through the same filters (they reach the query)', async () => {
    expect((await request(app).get('/api/events?q=front&camera_id=front_door&object_type=person').expect(200)).body.items.length).toBeGreaterThan(0);
    expect((await request(app).get('/api/detections?camera_id=front_door&object_type=person&min_confidence=0').expect(200)).body.items).toHaveLength(3);
    expect((await request(app).get('/api/audit?resource_type=camera&resource_id=front_door&actor=local').expect(200)).body.items.length).toBeGreaterThan(0);
  });

  it.each(XSS)('XSS %j is never reflected raw', async (payload) => {
    for (const target of [...SQL_TARGETS, ...ECHO_TARGETS]) {
      const res = await send(target, payload);
      expect({ target: target[1], status: res.status < 500 }).toEqual({ target: target[1], status: true });
      // JSON output escapes <, > and &: markup never comes back as markup.
      if (/[<>]/.test(payload)) expect(res.text).not.toContain(payload);
      expect(res.text).not.toMatch(/<script|<img|<svg/i);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it.each(UNICODE)('unicode %j is handled without a server error', async (payload) => {
    const before = await counts();
    for (const target of [...SQL_TARGETS, ...ECHO_TARGETS]) {
      const res = await send(target, payload);
      expect({ target: target[1], status: res.status < 500 }).toEqual({ target: target[1], status: true });
      expect(res.headers['content-type']).toMatch(/json/);
    }
    expect(await counts()).toEqual(before);
    await expectTablesExist();
  });

  it('rejects invalid percent-encoding with 400, not 500', async () => {
    expect((await request(app).get('/api/dlq/jobs/%E0%A4%A')).status).toBe(400);
    expect((await request(app).get('/api/cameras/%E0%A4%A')).status).toBe(400);
  });
});
