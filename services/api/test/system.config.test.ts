import { startHeartbeat, startRuntimeConfigPoller, type RuntimeConfig } from '@secpipe/core';
import { request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

describe('runtime config: GET/PATCH /api/system/config and the worker poller', () => {
  const ctx = useIntegrationContext('api-config');

  beforeEach(async () => {
    await ctx.prisma.setting.deleteMany();
  });

  it('answers the defaults, with the retention period from the environment', async () => {
    const { app, deps } = buildTestApp(ctx, {}, { RETENTION_DAYS: '14' });
    const res = await request(app).get('/api/system/config').expect(200);
    expect(res.body).toEqual({
      app_name: 'SecPipe',
      version: deps.version,
      retention_days: 14,
      batch_window_seconds: 90,
      batch_idle_timeout_seconds: 30,
      batch_max_detections: 500,
      detection_confidence_threshold: 0.5,
      fast_path_confidence_threshold: 0.9,
      fast_path_object_types: ['person'],
      camera_offline_after_seconds: 300,
      risk_low_max: 29,
      risk_medium_max: 59,
      risk_high_max: 84,
      scene_change_enabled: true,
      scene_change_threshold: 0.9,
      scene_change_frames: 2,
      applied_by: expect.any(Object),
    });
  });

  it('names the running services that apply each key, and none for a key nothing reads', async () => {
    const { app } = buildTestApp(ctx);
    // Nothing but the API runs: only the key the API reads itself has an applier.
    const alone = (await request(app).get('/api/system/config').expect(200)).body.applied_by;
    expect(alone).toEqual({
      app_name: [],
      retention_days: ['api'],
      batch_window_seconds: [],
      batch_idle_timeout_seconds: [],
      batch_max_detections: [],
      detection_confidence_threshold: [],
      fast_path_confidence_threshold: [],
      fast_path_object_types: [],
      camera_offline_after_seconds: [],
      risk_low_max: [],
      risk_medium_max: [],
      risk_high_max: [],
      scene_change_enabled: [],
      scene_change_threshold: [],
      scene_change_frames: [],
    });

    const status = () => ({ status: 'healthy' as const, breakers: {} });
    const heartbeat = (service: string, appliesRuntimeConfig?: string[]) =>
      startHeartbeat({ redis: ctx.redis, prefix: ctx.prefix, service, version: 'test', intervalMs: 60_000, status, appliesRuntimeConfig });
    const detector = heartbeat('detector', ['detection_confidence_threshold']);
    const ingest = heartbeat('ingest');
    try {
      await Promise.all([detector.beat(), ingest.beat()]);
      const patched = (await request(app).patch('/api/system/config').send({ batch_window_seconds: 60 }).expect(200)).body;
      expect(patched.batch_window_seconds).toBe(60);
      expect(patched.applied_by.detection_confidence_threshold).toEqual(['detector']);
      expect(patched.applied_by.batch_window_seconds).toEqual([]);
      expect(patched.applied_by.retention_days).toEqual(['api']);
    } finally {
      await Promise.all([detector.stop(), ingest.stop()]);
    }
    // A stopped worker's heartbeat is gone, and so is its claim.
    expect((await request(app).get('/api/system/config').expect(200)).body.applied_by.detection_confidence_threshold).toEqual([]);
  });

  it('documents applied_by in the OpenAPI answer of GET and PATCH', async () => {
    const { app } = buildTestApp(ctx);
    const doc = (await request(app).get('/openapi.json').expect(200)).body;
    const patch = doc.paths['/api/system/config'].patch;
    expect(patch.summary).not.toMatch(/workers apply/);
    expect(patch.description).toMatch(/applied_by/);
    for (const method of ['get', 'patch']) {
      const schema = JSON.stringify(doc.paths['/api/system/config'][method].responses['200']);
      expect(schema).toMatch(/applied_by/);
    }
  });

  it('persists a partial PATCH in the settings table', async () => {
    const { app } = buildTestApp(ctx);
    const res = await request(app).patch('/api/system/config').send({ batch_window_seconds: 60, fast_path_object_types: ['person', 'car'] }).expect(200);
    expect(res.body).toMatchObject({ batch_window_seconds: 60, fast_path_object_types: ['person', 'car'], retention_days: 30 });
    const rows = await ctx.prisma.setting.findMany({ orderBy: { key: 'asc' } });
    expect(rows.map((row) => [row.key, row.value])).toEqual([
      ['batch_window_seconds', 60],
      ['fast_path_object_types', ['person', 'car']],
    ]);
    const { app: another } = buildTestApp(ctx);
    expect((await request(another).get('/api/system/config').expect(200)).body.batch_window_seconds).toBe(60);
  });

  it.each([
    ['a value out of range', { retention_days: 0 }, 'body.retention_days'],
    ['a threshold above 1', { detection_confidence_threshold: 1.2 }, 'body.detection_confidence_threshold'],
    ['a string for a number', { batch_max_detections: '10' }, 'body.batch_max_detections'],
    ['an unknown object type', { fast_path_object_types: ['dragon'] }, 'body.fast_path_object_types.0'],
    ['a read-only field', { version: '9.9.9' }, 'body'],
    ['an idle timeout longer than the window', { batch_window_seconds: 20, batch_idle_timeout_seconds: 25 }, 'body.batch_idle_timeout_seconds'],
    ['risk levels out of order', { risk_low_max: 70 }, 'body.risk_medium_max'],
    ['a scene change threshold of 1', { scene_change_threshold: 1 }, 'body.scene_change_threshold'],
    ['zero scene change frames', { scene_change_frames: 0 }, 'body.scene_change_frames'],
    ['a scene change switch that is not a boolean', { scene_change_enabled: 'no' }, 'body.scene_change_enabled'],
  ])('rejects %s with 422 and stores nothing', async (_label, body, field) => {
    const { app } = buildTestApp(ctx);
    const res = await request(app).patch('/api/system/config').send(body).expect(422);
    expect(res.body.error.code).toBe('validation_error');
    expect(res.body.error.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await ctx.prisma.setting.count()).toBe(0);
  });

  it('reaches a running worker through the poller without a restart', async () => {
    const { app } = buildTestApp(ctx);
    const applied: Array<{ config: RuntimeConfig; changed: string[] }> = [];
    let notify: (() => void) | undefined;
    const poller = startRuntimeConfigPoller({
      prisma: ctx.prisma,
      intervalMs: 100,
      onChange: (config, changed) => {
        applied.push({ config, changed });
        notify?.();
      },
    });
    try {
      await poller.refresh();
      expect(poller.current().batch_max_detections).toBe(500);
      const changedOnce = new Promise<void>((resolve) => {
        notify = resolve;
      });
      await request(app).patch('/api/system/config').send({ batch_max_detections: 12 }).expect(200);
      await changedOnce;
      expect(poller.current().batch_max_detections).toBe(12);
      expect(applied[applied.length - 1].changed).toEqual(['batch_max_detections']);
    } finally {
      poller.stop();
    }
  });
});
