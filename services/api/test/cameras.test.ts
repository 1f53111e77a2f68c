import path from 'node:path';
import request from 'supertest';
import { cameraFactory, detectionFactory, eventFactory, useIntegrationContext, zoneFactory } from '@secpipe/testing';
import { buildTestApp } from './testApp';
import { expectProblem, expectValidationError, useTempDir, writeJpeg } from './support';

describe('cameras', () => {
  const ctx = useIntegrationContext('api-cameras');
  const media = useTempDir('api-cameras');

  it('creates a camera whose id is the normalised folder name', async () => {
    const { app } = buildTestApp(ctx);
    const res = await request(app).post('/api/cameras').send({ name: 'Front Door', folder_path: '/data/cameras/Front Door' }).expect(201);
    expect(res.body).toEqual({
      id: 'front_door',
      name: 'Front Door',
      folder_path: '/data/cameras/Front Door',
      status: 'online',
      created_at: expect.stringMatching(/Z$/),
      last_seen_at: null,
    });
    await request(app).get('/api/cameras/front_door').expect(200, res.body);
  });

  it('answers 409 for a duplicate name or folder', async () => {
    const { app } = buildTestApp(ctx);
    await request(app).post('/api/cameras').send({ name: 'Back-Yard', folder_path: '/cams/Back-Yard', status: 'offline' }).expect(201);
    expectProblem(await request(app).post('/api/cameras').send({ name: 'Back-Yard', folder_path: '/cams/elsewhere' }), 409);
    expectProblem(await request(app).post('/api/cameras').send({ name: 'Another', folder_path: '/cams/Back-Yard' }), 409);
    // A different folder that normalises to the same id is a duplicate too.
    expectProblem(await request(app).post('/api/cameras').send({ name: 'Third', folder_path: '/other/back yard' }), 409);
  });

  it('validates the body strictly', async () => {
    const { app } = buildTestApp(ctx);
    expectValidationError(await request(app).post('/api/cameras').send({ folder_path: '/x/y' }), 'body.name');
    expectValidationError(await request(app).post('/api/cameras').send({ name: 'A', folder_path: '/x/a', status: 'sleeping' }), 'body.status');
    expectValidationError(await request(app).post('/api/cameras').send({ name: 'A', folder_path: '/x/a', admin: true }));
    expectValidationError(await request(app).post('/api/cameras').send({ name: 'A', folder_path: '/x/!!!' }), 'body.folder_path');
  });

  it('lists with a status filter and pagination', async () => {
    const { app } = buildTestApp(ctx);
    await cameraFactory.create(ctx.prisma, { id: 'list_off_1', name: 'List Off 1', folder_path: '/l/off1' }, 'offline');
    await cameraFactory.create(ctx.prisma, { id: 'list_off_2', name: 'List Off 2', folder_path: '/l/off2' }, 'offline');
    const all = await request(app).get('/api/cameras').expect(200);
    expect(all.body.pagination).toMatchObject({ limit: 50, offset: 0, next_cursor: null, has_more: false });
    expect(all.body.pagination.total).toBe(all.body.items.length);
    const offline = await request(app).get('/api/cameras?status=offline&limit=1').expect(200);
    expect(offline.body.items).toHaveLength(1);
    expect(offline.body.items[0].status).toBe('offline');
    expect(offline.body.pagination).toMatchObject({ limit: 1, has_more: true });
    expect(offline.body.pagination.total).toBeGreaterThanOrEqual(2);
    // Past the last page: no items, and the total still counts every match.
    const beyond = await request(app).get(`/api/cameras?status=offline&offset=${offline.body.pagination.total}`).expect(200);
    expect(beyond.body.items).toEqual([]);
    expect(beyond.body.pagination).toMatchObject({ total: offline.body.pagination.total, has_more: false });
    for (const bad of ['limit=0', 'limit=1001', 'offset=-1', 'limit=abc', 'status=asleep']) {
      expectValidationError(await request(app).get(`/api/cameras?${bad}`));
    }
  });

  it('updates and answers 404 for unknown cameras', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const res = await request(app).patch(`/api/cameras/${camera.id}`).send({ status: 'error' }).expect(200);
    expect(res.body.status).toBe('error');
    expectValidationError(await request(app).patch(`/api/cameras/${camera.id}`).send({ status: 'error', id: 'new_id' }));
    expectProblem(await request(app).get('/api/cameras/nope'), 404);
    expectProblem(await request(app).patch('/api/cameras/nope').send({ status: 'online' }), 404);
    expectProblem(await request(app).delete('/api/cameras/nope'), 404);
  });

  it('deletes a camera with its detections, events and zones', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const detection = await detectionFactory.create(ctx.prisma, { camera_id: camera.id });
    const event = await eventFactory.create(ctx.prisma, { camera_id: camera.id, detections: { create: [{ detection_id: detection.id }] } });
    await zoneFactory.create(ctx.prisma, { camera_id: camera.id });
    await request(app).delete(`/api/cameras/${camera.id}`).expect(204);
    expect(await ctx.prisma.detection.count({ where: { camera_id: camera.id } })).toBe(0);
    expect(await ctx.prisma.event.count({ where: { id: event.id } })).toBe(0);
    expect(await ctx.prisma.zone.count({ where: { camera_id: camera.id } })).toBe(0);
    expect(await ctx.prisma.eventDetection.count({ where: { event_id: event.id } })).toBe(0);
  });

  it('settles concurrent deletes of one camera as one 204 and the rest 404', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    await detectionFactory.createList(ctx.prisma, 3, { camera_id: camera.id });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => request(app).delete(`/api/cameras/${camera.id}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.every((s) => s === 204 || s === 404)).toBe(true);
  });

  it('serves the newest image of a camera as its snapshot', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const older = await writeJpeg(path.join(media.path, 'older.jpg'), 320, 240);
    const newer = await writeJpeg(path.join(media.path, 'newer.jpg'), 640, 480);
    await detectionFactory.create(ctx.prisma, { camera_id: camera.id, file_path: older, detected_at: new Date('2026-11-20T10:00:00Z') });
    await detectionFactory.create(ctx.prisma, { camera_id: camera.id, file_path: newer, detected_at: new Date('2026-11-20T11:00:00Z') });
    const res = await request(app).get(`/api/cameras/${camera.id}/snapshot`).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(Number(res.headers['content-length'])).toBe((await import('node:fs')).statSync(newer).size);

    const empty = await cameraFactory.create(ctx.prisma);
    const missing = await request(app).get(`/api/cameras/${empty.id}/snapshot`);
    expectProblem(missing, 404);
    expectProblem(await request(app).get('/api/cameras/nope/snapshot'), 404);
  });
});
