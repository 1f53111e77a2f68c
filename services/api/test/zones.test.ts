import request from 'supertest';
import { cameraFactory, useIntegrationContext, zoneFactory } from '@secpipe/testing';
import { buildTestApp } from './testApp';
import { expectProblem, expectValidationError } from './support';

describe('zones', () => {
  const ctx = useIntegrationContext('api-zones');
  const square = [
    [0.1, 0.1],
    [0.4, 0.1],
    [0.4, 0.4],
    [0.1, 0.4],
  ];

  it('creates, reads, lists, updates and deletes a zone', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const created = await request(app)
      .post(`/api/cameras/${camera.id}/zones`)
      .send({ name: 'Porch', zone_type: 'entry_point', coordinates: square, color: '#EF4444', priority: 3 })
      .expect(201);
    expect(created.body).toMatchObject({ camera_id: camera.id, name: 'Porch', shape: 'rectangle', enabled: true, coordinates: square });
    const id = created.body.id as string;
    await request(app).get(`/api/cameras/${camera.id}/zones/${id}`).expect(200, created.body);
    const list = await request(app).get(`/api/cameras/${camera.id}/zones`).expect(200);
    expect(list.body.items.map((z: { id: string }) => z.id)).toEqual([id]);
    const updated = await request(app).put(`/api/cameras/${camera.id}/zones/${id}`).send({ enabled: false, color: '#00ff00' }).expect(200);
    expect(updated.body).toMatchObject({ enabled: false, color: '#00ff00', name: 'Porch' });
    await request(app).delete(`/api/cameras/${camera.id}/zones/${id}`).expect(204);
    expectProblem(await request(app).get(`/api/cameras/${camera.id}/zones/${id}`), 404);
    expectProblem(await request(app).delete(`/api/cameras/${camera.id}/zones/${id}`), 404);
  });

  it('rejects coordinates outside 0..1, bad colours, shapes without enough points and unknown fields', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const url = `/api/cameras/${camera.id}/zones`;
    expectValidationError(await request(app).post(url).send({ name: 'A', coordinates: [[0.1, 1.2], [0.3, 0.3]] }), 'body.coordinates.0.1');
    expectValidationError(await request(app).post(url).send({ name: 'A', coordinates: square, color: 'red' }), 'body.color');
    expectValidationError(await request(app).post(url).send({ name: 'A', coordinates: square.slice(0, 2), shape: 'polygon' }), 'body.coordinates');
    expectValidationError(await request(app).post(url).send({ name: 'A', coordinates: square, owner: 'me' }));
    const zone = await zoneFactory.create(ctx.prisma, { camera_id: camera.id });
    expectValidationError(await request(app).put(`${url}/${zone.id}`).send({ shape: 'polygon', coordinates: square.slice(0, 2) }));
    expectValidationError(await request(app).get(`${url}/not-a-uuid`), 'params.zone_id');
  });

  it('answers 409 for a duplicate name on one camera and 404 for unknown cameras or zones of another camera', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const other = await cameraFactory.create(ctx.prisma);
    const zone = await zoneFactory.create(ctx.prisma, { camera_id: camera.id, name: 'Gate' });
    expectProblem(await request(app).post(`/api/cameras/${camera.id}/zones`).send({ name: 'Gate', coordinates: square }), 409);
    expectProblem(await request(app).get(`/api/cameras/${other.id}/zones/${zone.id}`), 404);
    expectProblem(await request(app).get('/api/cameras/nope/zones'), 404);
    expectProblem(await request(app).post('/api/cameras/nope/zones').send({ name: 'X', coordinates: square }), 404);
  });
});
