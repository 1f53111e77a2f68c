import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { openQueue, queueCatalog } from '@secpipe/core';
import { useIntegrationContext, waitFor } from '@secpipe/testing';
import { scenarioLine } from './scenarioCounts';
import { startCameraTraffic } from './infra/cameraTraffic';
import { startChaosFleet, type ChaosFleet } from './infra/chaosFleet';
import { waitUntilSettled } from './infra/settled';

const IMAGES = 12;

interface DlqStats {
  detection_queue_count: number;
  total_count: number;
}

/**
 * A detector fault that outlives the retries: the camera share is gone (unmounted) by the time the
 * detector reads the uploads ingest already queued, so each detection job fails as
 * `image_missing` (permanent: no retry can bring the file back) and dead-letters with its payload.
 * Once the share is back, an operator requeues the dead letters through the dead-letter API, one
 * (the oldest) and then the rest; the work completes exactly once: one set of detections per
 * upload, every batch one event, and nothing left to requeue.
 */
describe('chaos: dead letters from a detector fault, requeued after recovery', () => {
  const ctx = useIntegrationContext('chaos-dlq');
  let chaos: ChaosFleet;

  beforeAll(async () => {
    chaos = await startChaosFleet(ctx, { runtimeConfig: { batch_window_seconds: 5, batch_idle_timeout_seconds: 2 } });
  }, 240_000);

  it('dead-letters the jobs the detector cannot do, and requeued they complete exactly once', async () => {
    const { fleet } = chaos;
    const detection = openQueue(queueCatalog.detection, { connection: chaos.connection, prefix: chaos.prefix });
    ctx.onClose(() => detection.close());

    // Detector down while the uploads arrive: ingest queues them.
    await fleet.services.detector.kill();
    const traffic = startCameraTraffic(fleet.cameraRoot, { cameras: ['cam_yard'], count: IMAGES, intervalMs: 0 });
    await traffic.done;
    await waitFor(async () => (await detection.getWaitingCount()) === IMAGES, { what: 'every upload queued for detection', timeoutMs: 30_000 });

    // The share goes away; the detector comes back and cannot read a single queued upload.
    const folder = path.join(fleet.cameraRoot, 'cam_yard');
    const away = path.join(path.dirname(fleet.cameraRoot), 'unmounted');
    await mkdir(away, { recursive: true });
    const names = (await readdir(folder)).filter((name) => name.endsWith('.jpg'));
    for (const name of names) await rename(path.join(folder, name), path.join(away, name));
    await fleet.services.detector.restart();
    const stats = await waitFor(async () => {
      const now = await fleet.call<DlqStats>('GET', '/api/dlq/stats');
      return now.detection_queue_count === IMAGES && now;
    }, { what: 'every detection job dead-lettered', timeoutMs: 30_000 });
    expect(stats.total_count).toBe(IMAGES);
    const letters = await fleet.call<{ items: Array<{ error_type: string; attempt_count: number }> }>('GET', '/api/dlq/jobs/dlq:detection_queue?limit=100');
    expect(letters.items).toHaveLength(IMAGES);
    for (const letter of letters.items) expect(letter).toMatchObject({ error_type: 'image_missing', attempt_count: 1 });
    expect(await chaos.prisma.detection.count()).toBe(0);

    // The share is back; the operator requeues the oldest, then all the others.
    for (const name of names) await rename(path.join(away, name), path.join(folder, name));
    const requeuedAt = Date.now();
    const one = await fleet.call<{ success: boolean }>('POST', '/api/dlq/requeue/dlq:detection_queue');
    expect(one.success).toBe(true);
    const rest = await fleet.call<{ requeued_count: number }>('POST', '/api/dlq/requeue-all/dlq:detection_queue');
    expect(rest.requeued_count).toBe(IMAGES - 1);

    const counts = await waitUntilSettled(chaos, IMAGES, 60_000);
    const again = await fleet.call<{ success: boolean; requeued_count: number }>('POST', '/api/dlq/requeue-all/dlq:detection_queue');
    process.stdout.write(`${scenarioLine('dead-letter-requeue', counts, `${IMAGES} dead-lettered as image_missing, requeued -> settled in ${Date.now() - requeuedAt} ms, ${counts.batches} batches`)}\n`);

    expect(again).toMatchObject({ success: false, requeued_count: 0 });
    expect(counts).toMatchObject({ uploaded: IMAGES, detected: IMAGES, lost: 0, duplicated: 0, batchesWithoutEvent: 0, detectionsWithoutEvent: 0 });
    expect(counts.events).toBe(counts.batches);
    for (const [queue, state] of Object.entries(counts.queues)) expect({ queue, failed: state.failed }).toEqual({ queue, failed: 0 });
    expect((await fleet.call<DlqStats>('GET', '/api/dlq/stats')).total_count).toBe(0);
  }, 300_000);
});
