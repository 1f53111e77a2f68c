import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openQueue, queueCatalog } from '@secpipe/core';
import { startFleet, type RunningFleet } from './fleet';
import { renderCoveredView, renderSceneView, useIntegrationContext, waitFor } from './support';

interface ApiSceneChange {
  id: number;
  camera_id: string;
  kind: string;
  acknowledged: boolean;
  acknowledged_at: string | null;
}

/** A camera covered after a few normal shots: one scene change, live and over REST, and acknowledged. */
describe('a covered camera across the whole fleet', () => {
  const ctx = useIntegrationContext('e2e-scene');
  let fleet: RunningFleet;

  beforeAll(async () => {
    fleet = await startFleet(ctx, { runtimeConfig: {} });
  }, 180_000);

  it('raises one scene_change message and row, which acknowledge marks', async () => {
    const checks = openQueue(queueCatalog.scene_check, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => checks.close());
    const frames = [
      ...(await Promise.all([1, 2, 3].map((noiseSeed) => renderSceneView({ width: 1280, height: 720, noiseSeed })))),
      ...(await Promise.all([1, 2].map((seed) => renderCoveredView(1280, 720, seed)))),
    ];
    const folder = path.join(fleet.cameraRoot, 'Porch');
    await mkdir(folder, { recursive: true });
    const start = Date.now() - 60_000;
    for (const [i, bytes] of frames.entries()) {
      // Captured time is the file's mtime: one shot every 10 s, set before the file appears
      // in the camera folder (a rename keeps it), compared in that order.
      const staged = path.join(path.dirname(fleet.cameraRoot), `staged-${i}.jpg`);
      await writeFile(staged, bytes);
      const at = new Date(start + i * 10_000);
      await utimes(staged, at, at);
      await rename(staged, path.join(folder, `shot-${i}.jpg`));
      await waitFor(async () => (await checks.getJobCounts('completed')).completed === i + 1, { what: `scene check of shot ${i}`, timeoutMs: 30_000, intervalMs: 100 });
    }

    const live = await waitFor(() => fleet.live.filter((m) => m.type === 'scene_change').length > 0 && fleet.live.filter((m) => m.type === 'scene_change'), { what: 'scene_change on /ws/events', timeoutMs: 10_000 });
    expect(live).toHaveLength(1);
    expect(live[0].data).toMatchObject({ camera_id: 'porch', kind: 'view_blocked', detected_at: new Date(start + 40_000).toISOString() });

    const page = await fleet.call<{ items: ApiSceneChange[] }>('GET', '/api/cameras/porch/scene-changes');
    expect(page.items.map((c) => [c.id, c.kind, c.acknowledged])).toEqual([[live[0].data.id, 'view_blocked', false]]);
    const acknowledged = await fleet.call<ApiSceneChange>('POST', `/api/cameras/porch/scene-changes/${page.items[0].id}/acknowledge`);
    expect(acknowledged).toMatchObject({ id: page.items[0].id, acknowledged: true, acknowledged_at: expect.any(String) });
    expect((await fleet.call<{ items: ApiSceneChange[] }>('GET', '/api/cameras/porch/scene-changes?acknowledged=false')).items).toEqual([]);
  }, 120_000);
});
