import request from 'supertest';
import { cameraFactory, detectionFactory, eventFactory, useIntegrationContext } from '@secpipe/testing';
import { buildTestApp } from './testApp';
import { expectProblem, expectValidationError, seedEvents } from './support';

describe('events', () => {
  const ctx = useIntegrationContext('api-events');

  it('returns an event with its detection ids and count', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const detections = await detectionFactory.createList(ctx.prisma, 2, { camera_id: camera.id });
    const event = await eventFactory.create(ctx.prisma, {
      camera_id: camera.id,
      detection_count: 2,
      detections: { create: detections.map((d) => ({ detection_id: d.id })) },
    }, 'highRisk');
    const res = await request(app).get(`/api/events/${event.id}`).expect(200);
    expect(res.body).toMatchObject({
      id: event.id,
      camera_id: camera.id,
      risk_level: 'high',
      risk_score: 78,
      reviewed: false,
      notes: null,
      detection_count: 2,
      detection_ids: detections.map((d) => d.id).sort((a, b) => a - b),
      object_types: ['person'],
      analysis_source: 'rules',
    });
    expect(res.body.started_at).toBe(event.started_at.toISOString());
    const list = await request(app).get(`/api/events/${event.id}/detections`).expect(200);
    expect(list.body.items.map((d: { id: number }) => d.id).sort()).toEqual(detections.map((d) => d.id).sort());
    expect(list.body.pagination.total).toBe(2);
    expectProblem(await request(app).get('/api/events/424242'), 404);
    expectProblem(await request(app).get('/api/events/424242/detections'), 404);
    expectValidationError(await request(app).get('/api/events/0'), 'params.id');
  });

  it('filters by camera, risk level, review state, object type, dates and full-text q', async () => {
    const { app } = buildTestApp(ctx);
    const garage = await cameraFactory.create(ctx.prisma, { id: 'garage_cam', name: 'Garage Cam', folder_path: '/c/garage_cam' });
    const porch = await cameraFactory.create(ctx.prisma, { id: 'porch_cam', name: 'Porch Cam', folder_path: '/c/porch_cam' });
    const critical = await eventFactory.create(ctx.prisma, { camera_id: garage.id, started_at: new Date('2026-11-10T03:00:00Z'), ended_at: null, object_types: ['person', 'crowbar'] }, 'critical');
    const reviewed = await eventFactory.create(ctx.prisma, { camera_id: porch.id, started_at: new Date('2026-11-11T12:00:00Z'), ended_at: null, summary: 'Parcel delivered by courier' }, 'reviewed');
    const dog = await eventFactory.create(ctx.prisma, { camera_id: porch.id, started_at: new Date('2026-11-12T12:00:00Z'), ended_at: null, object_types: ['dog'], summary: 'A dog crossed the lawn', reasoning: 'Animals are harmless' });
    const ids = async (query: string) => (await request(app).get(`/api/events?${query}`).expect(200)).body.items.map((e: { id: number }) => e.id);

    expect(await ids('camera_id=garage_cam')).toEqual([critical.id]);
    expect(await ids('camera_id=porch_cam')).toEqual([dog.id, reviewed.id]);
    expect(await ids('risk_level=critical&camera_id=garage_cam')).toEqual([critical.id]);
    expect(await ids('reviewed=true&camera_id=porch_cam')).toEqual([reviewed.id]);
    expect(await ids('reviewed=false&camera_id=porch_cam')).toEqual([dog.id]);
    expect(await ids('object_type=dog')).toEqual([dog.id]);
    expect(await ids('start_date=2026-11-11T00:00:00Z&end_date=2026-11-11T23:59:59Z')).toEqual([reviewed.id]);
    expect(await ids('q=courier')).toEqual([reviewed.id]);
    expect(await ids('q=harmless')).toEqual([dog.id]);
    expect(await ids('q=crowbar')).toEqual([critical.id]);
    expect(await ids('q=garage%20cam')).toEqual([critical.id]);
    expect(await ids(`q=${encodeURIComponent("'; DROP TABLE events; --")}`)).toEqual([]);
    expect(await ctx.prisma.event.count()).toBeGreaterThanOrEqual(3);

    expectValidationError(await request(app).get('/api/events?reviewed=yes'), 'query.reviewed');
    expectValidationError(await request(app).get('/api/events?risk_level=severe'), 'query.risk_level');
    expectValidationError(await request(app).get('/api/events?q='), 'query.q');
  });

  it('reports counts by risk level and camera', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma, { id: 'stats_cam', name: 'Stats Cam', folder_path: '/c/stats_cam' });
    await eventFactory.create(ctx.prisma, { camera_id: camera.id, risk_score: 10, risk_level: 'low' });
    await eventFactory.create(ctx.prisma, { camera_id: camera.id }, 'critical');
    await eventFactory.create(ctx.prisma, { camera_id: camera.id }, 'critical');
    const res = await request(app).get('/api/events/stats?camera_id=stats_cam').expect(200);
    expect(res.body).toEqual({
      total_events: 3,
      events_by_risk_level: { low: 1, medium: 0, high: 0, critical: 2 },
      events_by_camera: [{ camera_id: 'stats_cam', camera_name: 'Stats Cam', event_count: 3 }],
    });
    const all = await request(app).get('/api/events/stats').expect(200);
    expect(all.body.total_events).toBeGreaterThanOrEqual(3);
    expectValidationError(await request(app).get('/api/events/stats?start_date=nope'), 'query.start_date');
  });

  it('updates review state and notes with strict types', async () => {
    const { app } = buildTestApp(ctx);
    const event = await eventFactory.create(ctx.prisma);
    const res = await request(app).patch(`/api/events/${event.id}`).send({ reviewed: true, notes: 'Neighbour' }).expect(200);
    expect(res.body).toMatchObject({ id: event.id, reviewed: true, notes: 'Neighbour' });
    await request(app).patch(`/api/events/${event.id}`).send({ notes: null }).expect(200);
    expectValidationError(await request(app).patch(`/api/events/${event.id}`).send({ reviewed: 'yes' }), 'body.reviewed');
    expectValidationError(await request(app).patch(`/api/events/${event.id}`).send({ reviewed: 1 }), 'body.reviewed');
    expectValidationError(await request(app).patch(`/api/events/${event.id}`).send({ notes: 42 }), 'body.notes');
    expectValidationError(await request(app).patch(`/api/events/${event.id}`).send({ reviewed: true, risk_score: 0 }));
    expectValidationError(await request(app).patch(`/api/events/${event.id}`).send({}));
    expectProblem(await request(app).patch('/api/events/999999').send({ reviewed: true }), 404);
    const stored = await ctx.prisma.event.findUniqueOrThrow({ where: { id: event.id } });
    expect(stored).toMatchObject({ reviewed: true, notes: null, risk_score: event.risk_score });
  });

  it('rejects limits outside 1..1000 and negative offsets', async () => {
    const { app } = buildTestApp(ctx);
    for (const bad of ['limit=0', 'limit=1001', 'limit=-1', 'offset=-1', 'limit=1.5']) {
      expectValidationError(await request(app).get(`/api/events?${bad}`));
    }
    const res = await request(app).get('/api/events?limit=1000&offset=0').expect(200);
    expect(res.body.pagination.limit).toBe(1000);
  });

  it('walks 1,000 events by cursor, returning each exactly once in order', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma, { id: 'walk_cam', name: 'Walk Cam', folder_path: '/c/walk_cam' });
    await seedEvents(ctx.prisma, camera.id, 1000);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `camera_id=${camera.id}&limit=70${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await request(app).get(`/api/events?${query}`).expect(200);
      seen.push(...res.body.items.map((e: { id: number }) => e.id));
      expect(res.body.pagination.total).toBe(1000);
      expect(res.body.pagination.has_more).toBe(res.body.pagination.next_cursor !== null);
      cursor = res.body.pagination.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(15);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    const order = await ctx.prisma.event.findMany({ where: { camera_id: camera.id }, orderBy: [{ started_at: 'desc' }, { id: 'desc' }], select: { id: true } });
    expect(seen).toEqual(order.map((e) => e.id));

    const offsetPage = await request(app).get(`/api/events?camera_id=${camera.id}&limit=10&offset=990`).expect(200);
    expect(offsetPage.body.items.map((e: { id: number }) => e.id)).toEqual(seen.slice(990));
    expect(offsetPage.body.pagination).toMatchObject({ offset: 990, has_more: false, next_cursor: null });
  });
});
