import request from 'supertest';
import { messageKeys } from '@secpipe/core';
import { alertFactory, alertRuleFactory, cameraFactory, detectionFactory, eventFactory, useIntegrationContext } from '@secpipe/testing';
import { buildTestApp } from './testApp';
import { expectProblem, expectValidationError } from './support';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('alert rules', () => {
  const ctx = useIntegrationContext('api-alert-rules');

  it('creates with defaults, reads, lists, updates and deletes a rule', async () => {
    const { app } = buildTestApp(ctx);
    const created = await request(app)
      .post('/api/alerts/rules')
      .send({ name: 'Night intruder', risk_threshold: 60, object_types: ['person'], schedule: { days: ['mon', 'sat'], start_time: '22:00', end_time: '06:00', timezone: 'Europe/Berlin' } })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Night intruder',
      enabled: true,
      severity: 'medium',
      dedup_key_template: '{camera_id}:{rule_id}',
      cooldown_seconds: 300,
      channels: [],
      camera_ids: [],
      min_confidence: null,
      scene_change: false,
      schedule: { days: ['mon', 'sat'], start_time: '22:00', end_time: '06:00', timezone: 'Europe/Berlin' },
    });
    const id = created.body.id as string;
    await request(app).get(`/api/alerts/rules/${id}`).expect(200, created.body);
    const list = await request(app).get('/api/alerts/rules').expect(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(id);
    const updated = await request(app).put(`/api/alerts/rules/${id}`).send({ enabled: false, schedule: null, severity: 'critical' }).expect(200);
    expect(updated.body).toMatchObject({ enabled: false, schedule: null, severity: 'critical', risk_threshold: 60 });
    await request(app).delete(`/api/alerts/rules/${id}`).expect(204);
    expectProblem(await request(app).get(`/api/alerts/rules/${id}`), 404);
    expectProblem(await request(app).delete(`/api/alerts/rules/${id}`), 404);
    expectProblem(await request(app).put(`/api/alerts/rules/${id}`).send({ enabled: true }), 404);
  });

  it('validates rules and answers 409 for duplicate names', async () => {
    const { app } = buildTestApp(ctx);
    await alertRuleFactory.create(ctx.prisma, { name: 'Taken' });
    expectProblem(await request(app).post('/api/alerts/rules').send({ name: 'Taken' }), 409);
    expectValidationError(await request(app).post('/api/alerts/rules').send({ name: 'X', risk_threshold: 101 }), 'body.risk_threshold');
    expectValidationError(await request(app).post('/api/alerts/rules').send({ name: 'X', min_confidence: -0.1 }), 'body.min_confidence');
    expectValidationError(await request(app).post('/api/alerts/rules').send({ name: 'X', schedule: { days: ['mon'], start_time: '25:00', end_time: '06:00' } }), 'body.schedule.start_time');
    expectValidationError(await request(app).post('/api/alerts/rules').send({ name: 'X', schedule: { days: ['mon'], start_time: '22:00', end_time: '06:00', timezone: 'Mars/Olympus' } }), 'body.schedule.timezone');
    expectValidationError(await request(app).post('/api/alerts/rules').send({ name: 'X', enabled: 'yes' }), 'body.enabled');
    expectValidationError(await request(app).get('/api/alerts/rules/not-a-uuid'), 'params.id');
  });

  it('tests a rule against recent events and reports which would match', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const person = await detectionFactory.create(ctx.prisma, { camera_id: camera.id, object_type: 'person', confidence: 0.9 });
    const match = await eventFactory.create(ctx.prisma, { camera_id: camera.id, risk_score: 80, risk_level: 'high', object_types: ['person'], detections: { create: [{ detection_id: person.id }] } });
    const lowScore = await eventFactory.create(ctx.prisma, { camera_id: camera.id, risk_score: 20, risk_level: 'low', object_types: ['person'] });
    const wrongType = await eventFactory.create(ctx.prisma, { camera_id: camera.id, risk_score: 90, risk_level: 'critical', object_types: ['cat'] });
    const rule = await alertRuleFactory.create(ctx.prisma, { name: 'Person high', risk_threshold: 70, object_types: ['person'], min_confidence: 0.8, camera_ids: [camera.id] });

    const res = await request(app).post(`/api/alerts/rules/${rule.id}/test`).send({ event_ids: [match.id, lowScore.id, wrongType.id] }).expect(200);
    expect(res.body).toMatchObject({ rule_id: rule.id, events_tested: 3, matched_count: 1, matched_event_ids: [match.id] });
    const byId = Object.fromEntries(res.body.results.map((r: { event_id: number }) => [r.event_id, r]));
    expect(byId[lowScore.id].reasons.join(' ')).toMatch(/below the threshold/);
    expect(byId[wrongType.id].reasons.join(' ')).toMatch(/object types/);

    const recent = await request(app).post(`/api/alerts/rules/${rule.id}/test`).expect(200);
    expect(recent.body.events_tested).toBeGreaterThanOrEqual(3);
    expect(recent.body.matched_event_ids).toEqual([match.id]);
    expectValidationError(await request(app).post(`/api/alerts/rules/${rule.id}/test`).send({ limit: 0 }), 'body.limit');
    expectProblem(await request(app).post(`/api/alerts/rules/${MISSING}/test`).send({}), 404);
  });
});

describe('alerts', () => {
  const ctx = useIntegrationContext('api-alerts');

  it('lists with status and severity filters', async () => {
    const { app } = buildTestApp(ctx);
    const pending = await alertFactory.create(ctx.prisma, { severity: 'critical' });
    const delivered = await alertFactory.create(ctx.prisma, { severity: 'low' }, 'delivered');
    const all = await request(app).get('/api/alerts').expect(200);
    expect(all.body.pagination.total).toBe(2);
    const ids = async (query: string) => (await request(app).get(`/api/alerts?${query}`).expect(200)).body.items.map((a: { id: string }) => a.id);
    expect(await ids('status=pending')).toEqual([pending.id]);
    expect(await ids('severity=low')).toEqual([delivered.id]);
    expect(await ids('status=delivered&severity=critical')).toEqual([]);
    expectValidationError(await request(app).get('/api/alerts?status=lost'), 'query.status');
    expectValidationError(await request(app).get('/api/alerts?limit=1001'), 'query.limit');
  });

  it('acknowledges and dismisses, idempotently, and refuses to acknowledge a dismissed alert', async () => {
    const { app } = buildTestApp(ctx);
    const alert = await alertFactory.create(ctx.prisma);
    const acked = await request(app).post(`/api/alerts/${alert.id}/acknowledge`).expect(200);
    expect(acked.body).toMatchObject({ id: alert.id, status: 'acknowledged', event_id: alert.event_id });
    await request(app).post(`/api/alerts/${alert.id}/acknowledge`).expect(200);
    const dismissed = await request(app).post(`/api/alerts/${alert.id}/dismiss`).expect(200);
    expect(dismissed.body.status).toBe('dismissed');
    await request(app).post(`/api/alerts/${alert.id}/dismiss`).expect(200);
    expectProblem(await request(app).post(`/api/alerts/${alert.id}/acknowledge`), 409);
    expectProblem(await request(app).post(`/api/alerts/${MISSING}/acknowledge`), 404);
    expectProblem(await request(app).post(`/api/alerts/${MISSING}/dismiss`), 404);
    expectValidationError(await request(app).post('/api/alerts/42/dismiss'), 'params.id');

    // Each change is announced live once, after its commit; repeats and refusals are not.
    const live = (await ctx.redis.zrange(messageKeys(ctx.prefix, 'alert_acknowledged').replay, 0, -1)).map((text) => JSON.parse(text));
    expect(live.map((m) => [m.type, m.data.id, m.data.status])).toEqual([
      ['alert_acknowledged', alert.id, 'acknowledged'],
      ['alert_dismissed', alert.id, 'dismissed'],
    ]);
    expect(live[0].data.acknowledged_at).toEqual(expect.any(String));
    expect(live[1].data.dismissed_at).toEqual(expect.any(String));
  });
});
