import request from 'supertest';
import { cameraFactory, useIntegrationContext } from '@secpipe/testing';
import { buildTestApp } from './testApp';
import { expectProblem, expectValidationError } from './support';

describe('camera scene changes', () => {
  const ctx = useIntegrationContext('api-scene-changes');

  async function seed(cameraId: string) {
    await cameraFactory.create(ctx.prisma, { id: cameraId, name: cameraId, folder_path: `/data/cameras/${cameraId}` });
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 16, minute));
    const rows = [
      { camera_id: cameraId, kind: 'view_blocked', similarity: 0.31, detected_at: at(1) },
      { camera_id: cameraId, kind: 'angle_changed', similarity: 0.42, detected_at: at(2) },
      { camera_id: cameraId, kind: 'view_tampered', similarity: 0.5, detected_at: at(3) },
    ];
    for (const data of rows) await ctx.prisma.sceneChange.create({ data });
    return ctx.prisma.sceneChange.findMany({ where: { camera_id: cameraId }, orderBy: { detected_at: 'desc' } });
  }

  it('lists a camera\'s changes newest first, paginated and filtered by acknowledged', async () => {
    const { app } = buildTestApp(ctx);
    const rows = await seed('porch');
    await seed('garage');
    const page = (await request(app).get('/api/cameras/porch/scene-changes?limit=2').expect(200)).body;
    expect(page.items.map((item: { id: number }) => item.id)).toEqual([rows[0].id, rows[1].id]);
    expect(page.items[0]).toEqual({ id: rows[0].id, camera_id: 'porch', kind: 'view_tampered', similarity: 0.5, detected_at: '2026-11-20T16:03:00.000Z', acknowledged: false, acknowledged_at: null, created_at: expect.any(String) });
    expect(page.pagination).toEqual({ total: 3, limit: 2, offset: 0, next_cursor: null, has_more: true });
    const rest = (await request(app).get('/api/cameras/porch/scene-changes?limit=2&offset=2').expect(200)).body;
    expect(rest.items.map((item: { kind: string }) => item.kind)).toEqual(['view_blocked']);
    expect(rest.pagination.has_more).toBe(false);
    expect((await request(app).get('/api/cameras/porch/scene-changes?acknowledged=true').expect(200)).body.items).toEqual([]);
  });

  it('acknowledges once, answers a repeat unchanged, audits both, and 404s a change of another camera', async () => {
    const { app } = buildTestApp(ctx);
    const [change] = await seed('yard');
    const [foreign] = await seed('shed');
    const url = `/api/cameras/yard/scene-changes/${change.id}/acknowledge`;
    const first = (await request(app).post(url).expect(200)).body;
    expect(first).toMatchObject({ id: change.id, acknowledged: true, acknowledged_at: expect.any(String) });
    const again = (await request(app).post(url).expect(200)).body;
    expect(again.acknowledged_at).toBe(first.acknowledged_at);
    const listed = (await request(app).get('/api/cameras/yard/scene-changes?acknowledged=true').expect(200)).body;
    expect(listed.items.map((item: { id: number }) => item.id)).toEqual([change.id]);
    const audit = await ctx.prisma.auditLog.findMany({ where: { action: 'scene_change.acknowledge', resource_id: String(change.id) }, orderBy: { id: 'asc' } });
    expect(audit.map((row) => [row.status, row.details])).toEqual([
      ['success', { camera_id: 'yard', changed: true }],
      ['success', { camera_id: 'yard', changed: false }],
    ]);
    expectProblem(await request(app).post(`/api/cameras/yard/scene-changes/${foreign.id}/acknowledge`), 404);
    expect((await ctx.prisma.sceneChange.findUniqueOrThrow({ where: { id: foreign.id } })).acknowledged).toBe(false);
  });

  it('answers 404 for an unknown camera and 422 for bad parameters', async () => {
    const { app } = buildTestApp(ctx);
    await cameraFactory.create(ctx.prisma, { id: 'attic', name: 'attic', folder_path: '/data/cameras/attic' });
    expectProblem(await request(app).get('/api/cameras/nowhere/scene-changes'), 404);
    expectValidationError(await request(app).get('/api/cameras/attic/scene-changes?acknowledged=yes'), 'query.acknowledged');
    expectValidationError(await request(app).post('/api/cameras/attic/scene-changes/abc/acknowledge'), 'params.scene_change_id');
  });
});
