import { createHash } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { alertFactory, cameraFactory, eventFactory, useIntegrationContext, type IntegrationContext } from '@secpipe/testing';
import { deadLetterDetections, detectionPayload } from './deadLetters';
import { buildTestApp } from './testApp';

const LOOPBACK = /^(127\.0\.0\.1|::1)$/;

/**
 * Runs one request and asserts it wrote exactly one audit row; answers that row.
 * `headers` carries the API key when auth is on.
 */
function auditProbe(ctx: IntegrationContext, app: Express, headers: Record<string, string> = {}) {
  return async (method: 'post' | 'patch' | 'put' | 'delete', url: string, body: object | undefined, status: number) => {
    const before = await ctx.prisma.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    let pending = request(app)[method](url).set(headers);
    if (body) pending = pending.send(body);
    await pending.expect(status);
    const rows = await ctx.prisma.auditLog.findMany({ where: { id: { gt: before?.id ?? 0 } } });
    expect({ url, rows: rows.length }).toEqual({ url, rows: 1 });
    return rows[0];
  };
}

describe('audit trail with API keys off', () => {
  const ctx = useIntegrationContext('api-audit-actions');

  it('records every change once, as `local` from the client address, with what changed', async () => {
    const { app, deps } = buildTestApp(ctx);
    const audited = auditProbe(ctx, app);

    const camera = await audited('post', '/api/cameras', { name: 'Garden', folder_path: '/data/Garden Cam' }, 201);
    expect(camera).toMatchObject({ action: 'camera.create', resource_type: 'camera', resource_id: 'garden_cam', actor: 'local', status: 'success', details: { name: 'Garden' } });
    expect(camera.ip_address).toMatch(LOOPBACK);
    expect(await audited('patch', '/api/cameras/garden_cam', { status: 'offline' }, 200)).toMatchObject({ action: 'camera.update', resource_id: 'garden_cam', details: { status: 'offline' } });

    const zones = '/api/cameras/garden_cam/zones';
    const zone = await audited('post', zones, { name: 'Lawn', coordinates: [[0, 0], [1, 1]] }, 201);
    expect(zone).toMatchObject({ action: 'zone.create', resource_type: 'zone', details: { camera_id: 'garden_cam', name: 'Lawn' } });
    expect(zone.resource_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await audited('put', `${zones}/${zone.resource_id}`, { enabled: false }, 200)).toMatchObject({ action: 'zone.update', resource_id: zone.resource_id, details: { enabled: false } });
    expect(await audited('delete', `${zones}/${zone.resource_id}`, undefined, 204)).toMatchObject({ action: 'zone.delete', resource_id: zone.resource_id });

    const event = await eventFactory.create(ctx.prisma, { camera_id: 'garden_cam' });
    expect(await audited('patch', `/api/events/${event.id}`, { reviewed: true, notes: 'the gardener' }, 200)).toMatchObject({
      action: 'event.review',
      resource_type: 'event',
      resource_id: String(event.id),
      details: { reviewed: true, notes: 'the gardener' },
    });

    const alert = await alertFactory.create(ctx.prisma, { event_id: event.id });
    expect(await audited('post', `/api/alerts/${alert.id}/acknowledge`, undefined, 200)).toMatchObject({ action: 'alert.acknowledge', resource_id: alert.id, details: { status: 'acknowledged', changed: true } });
    expect(await audited('post', `/api/alerts/${alert.id}/dismiss`, undefined, 200)).toMatchObject({ action: 'alert.dismiss', resource_id: alert.id, details: { status: 'dismissed', changed: true } });

    const rule = await audited('post', '/api/alerts/rules', { name: 'Night watch', risk_threshold: 60 }, 201);
    expect(rule).toMatchObject({ action: 'alert_rule.create', resource_type: 'alert_rule', details: { name: 'Night watch', risk_threshold: 60 } });
    expect(await audited('put', `/api/alerts/rules/${rule.resource_id}`, { enabled: false }, 200)).toMatchObject({ action: 'alert_rule.update', details: { enabled: false } });
    expect(await audited('post', `/api/alerts/rules/${rule.resource_id}/test`, { event_ids: [event.id] }, 200)).toMatchObject({ action: 'alert_rule.test', details: { event_ids: [event.id], events_tested: 1 } });
    expect(await audited('delete', `/api/alerts/rules/${rule.resource_id}`, undefined, 204)).toMatchObject({ action: 'alert_rule.delete', resource_id: rule.resource_id });

    expect(await audited('patch', '/api/system/config', { batch_window_seconds: 45 }, 200)).toMatchObject({ action: 'config.update', resource_type: 'runtime_config', details: { batch_window_seconds: 45 } });

    await deadLetterDetections(ctx, deps.queues.detection, [detectionPayload(1), detectionPayload(2)]);
    const requeued = await audited('post', '/api/dlq/requeue/dlq:detection_queue', undefined, 200);
    expect(requeued).toMatchObject({ action: 'dlq.requeue', resource_type: 'dead_letter_queue', resource_id: 'dlq:detection_queue', status: 'success' });
    expect(requeued.details).toHaveProperty('job_id');
    expect(await audited('post', '/api/dlq/requeue-all/dlq:detection_queue', undefined, 200)).toMatchObject({ action: 'dlq.requeue_all', details: { requeued_count: 1 } });
    expect(await audited('post', '/api/dlq/requeue/dlq:detection_queue', undefined, 200)).toMatchObject({ action: 'dlq.requeue', status: 'failure', details: { reason: 'No jobs to requeue' } });
    expect(await audited('delete', '/api/dlq/dlq:enrichment_queue', undefined, 200)).toMatchObject({ action: 'dlq.clear', resource_id: 'dlq:enrichment_queue', details: { cleared_count: 0 } });
    await deps.queues.detection.obliterate({ force: true });

    expect(await audited('delete', '/api/cameras/garden_cam', undefined, 204)).toMatchObject({ action: 'camera.delete', resource_id: 'garden_cam', status: 'success' });
  });

  it('records a refused change as one failure with the reason, and a malformed request not at all', async () => {
    const { app } = buildTestApp(ctx);
    const audited = auditProbe(ctx, app);
    const alert = await alertFactory.create(ctx.prisma, {}, 'dismissed');
    const refused = await audited('post', `/api/alerts/${alert.id}/acknowledge`, undefined, 409);
    expect(refused).toMatchObject({ action: 'alert.acknowledge', status: 'failure', details: { error: 'Alert is dismissed and cannot become acknowledged' } });
    expect(await ctx.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: 'dismissed' });
    expect(await audited('delete', '/api/cameras/nowhere', undefined, 404)).toMatchObject({ action: 'camera.delete', resource_id: 'nowhere', status: 'failure' });
    await cameraFactory.create(ctx.prisma, { name: 'Taken' });
    expect(await audited('post', '/api/cameras', { name: 'Taken', folder_path: '/data/other' }, 409)).toMatchObject({ action: 'camera.create', status: 'failure' });
    expect(await audited('patch', '/api/system/config', { batch_window_seconds: 5, batch_idle_timeout_seconds: 30 }, 422)).toMatchObject({ action: 'config.update', status: 'failure' });

    const before = await ctx.prisma.auditLog.count();
    await request(app).patch('/api/events/1').send({ reviewed: 'yes' }).expect(422);
    await request(app).post('/api/alerts/rules').send({ name: 'X', risk_threshold: 101 }).expect(422);
    expect(await ctx.prisma.auditLog.count()).toBe(before);
  });
});

describe('audit trail with API keys on', () => {
  const ctx = useIntegrationContext('api-audit-keys');
  const KEY = 'alpha-key-for-audit';
  const keyId = createHash('sha256').update(KEY).digest('hex').slice(0, 12);

  it('names the key by a short id of its digest, never the key itself', async () => {
    const { app } = buildTestApp(ctx, {}, { API_KEY_ENABLED: 'true', API_KEYS: `${KEY},beta-key` });
    const audited = auditProbe(ctx, app, { 'X-API-Key': KEY });
    const alert = await alertFactory.create(ctx.prisma);
    expect(await audited('post', `/api/alerts/${alert.id}/acknowledge`, undefined, 200)).toMatchObject({ actor: keyId, action: 'alert.acknowledge' });
    expect(await audited('post', '/api/cameras', { name: 'Porch', folder_path: '/data/porch' }, 201)).toMatchObject({ actor: keyId, action: 'camera.create' });
    expect(await audited('patch', '/api/system/config', { retention_days: 14 }, 200)).toMatchObject({ actor: keyId, action: 'config.update' });
    expect(await audited('delete', '/api/dlq/dlq:analysis_queue', undefined, 200)).toMatchObject({ actor: keyId, action: 'dlq.clear' });
    const other = await audited('delete', '/api/cameras/porch', undefined, 204);
    expect(other.actor).toBe(keyId);

    const byBeta = await request(app).post(`/api/alerts/${alert.id}/dismiss`).set('X-API-Key', 'beta-key').expect(200);
    expect(byBeta.body.status).toBe('dismissed');
    const rows = await ctx.prisma.auditLog.findMany();
    expect(new Set(rows.map((row) => row.actor))).toEqual(new Set([keyId, createHash('sha256').update('beta-key').digest('hex').slice(0, 12)]));
    expect(JSON.stringify(rows)).not.toContain(KEY);

    // Unauthorised requests change nothing and so record nothing.
    await request(app).post(`/api/alerts/${alert.id}/acknowledge`).expect(401);
    expect(await ctx.prisma.auditLog.count()).toBe(rows.length);
  });

  it('serves the trail only to a key holder', async () => {
    const { app } = buildTestApp(ctx, {}, { API_KEY_ENABLED: 'true', API_KEYS: KEY });
    await request(app).get('/api/audit').expect(401);
    await request(app).get('/api/audit').set('X-API-Key', 'wrong').expect(401);
    const res = await request(app).get(`/api/audit?actor=${keyId}`).set('X-API-Key', KEY).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((item: { actor: string }) => item.actor === keyId)).toBe(true);
  });
});
