import request from 'supertest';
import { cameraFactory, useIntegrationContext } from '@secpipe/testing';
import { buildTestApp } from './testApp';
import { expectProblem, expectValidationError } from './support';

describe('camera object filters', () => {
  const ctx = useIntegrationContext('api-camera-filters');
  const filters = { '*': { min_score: 0.4 }, car: { min_area: 0.002, max_aspect: 4, masks: [[[0, 0], [0.3, 0], [0, 0.4]]] } };

  it('starts empty, stores a replacement and reads it back', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const url = `/api/cameras/${camera.id}/filters`;
    await request(app).get(url).expect(200, { camera_id: camera.id, filters: {} });
    await request(app).put(url).send(filters).expect(200, { camera_id: camera.id, filters });
    await request(app).get(url).expect(200, { camera_id: camera.id, filters });
    const stored = await ctx.prisma.camera.findUniqueOrThrow({ where: { id: camera.id } });
    expect(stored.object_filters).toEqual(filters);
    await request(app).put(url).send({}).expect(200, { camera_id: camera.id, filters: {} });
    const audit = await ctx.prisma.auditLog.findMany({ where: { action: 'camera.filters', resource_id: camera.id }, orderBy: { id: 'asc' } });
    expect(audit.map((row) => [row.actor, row.status, row.details])).toEqual([
      ['local', 'success', { filters }],
      ['local', 'success', { filters: {} }],
    ]);
  });

  it('rejects unknown fields, inverted ranges and masks with too few points; 404 for an unknown camera', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const url = `/api/cameras/${camera.id}/filters`;
    expectValidationError(await request(app).put(url).send({ car: { min_size: 3 } }), 'body.car');
    expectValidationError(await request(app).put(url).send({ car: { min_area: 0.5, max_area: 0.1 } }), 'body.car.min_area');
    expectValidationError(await request(app).put(url).send({ car: { masks: [[[0, 0], [1, 1]]] } }), 'body.car.masks.0');
    expectValidationError(await request(app).put(url).send({ car: { min_score: 2 } }), 'body.car.min_score');
    expectProblem(await request(app).get('/api/cameras/nowhere/filters'), 404);
    expectProblem(await request(app).put('/api/cameras/nowhere/filters').send({}), 404);
  });
});
