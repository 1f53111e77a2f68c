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
    fleet = await startFleet(ctx, {
      runtimeConfig: { scene_change_enabled: true },
      beforeWorkers: (running) => running.call('POST', '/api/alerts/rules', { name: 'Porch camera tampered with', scene_change: true, camera_ids: ['porch'], severity: 'high' }),
    });
  }, 180_000);

  it('raises one scene_change message and row, which acknowledge marks, and an event with its alert', async () => {
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

    // The analyzer raised an event for it, and the scene_change rule alerted on that event.
    const events = await waitFor(async () => {
      const found = await fleet.call<{ items: Array<{ id: number; batch_id: string; risk_level: string; summary: string }> }>('GET', '/api/events?camera_id=porch');
      return found.items.length > 0 && found.items;
    }, { what: 'the scene change event', timeoutMs: 20_000 });
    expect(events.map((e) => [e.batch_id, e.risk_level])).toEqual([[`scene_change_${page.items[0].id}`, 'high']]);
    expect(events[0].summary).toMatch(/view blocked/);
    await waitFor(() => fleet.live.some((m) => m.type === 'alert_created'), { what: 'alert_created on /ws/events', timeoutMs: 20_000 });
    const alerts = await fleet.call<{ items: Array<{ event_id: number; severity: string }> }>('GET', '/api/alerts');
    expect(alerts.items.map((a) => [a.event_id, a.severity])).toEqual([[events[0].id, 'high']]);
  }, 120_000);
});
