import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFleet, type RunningFleet } from './fleet';
import { printStageLatency, stageLatency } from './stageLatency';
import { defaultShapes, renderShapeImage, useIntegrationContext, waitFor } from './support';
import type { ApiEvent } from './liveViews';

interface ApiDetection {
  id: number;
  object_type: string;
  bbox_x: number;
  bbox_y: number;
  bbox_width: number;
  bbox_height: number;
}

/**
 * The whole path as separate processes: upload -> ingest -> detector -> enrichment (batching) ->
 * analyzer (rules assessor) -> events and alerts over REST and /ws/events. The fixture model scores
 * person 0.92 (fast path), car 0.87 and dog 0.81 (one batch, closed by the idle timeout).
 */
describe('upload to event and alert across the whole fleet', () => {
  const ctx = useIntegrationContext('e2e-event');
  let fleet: RunningFleet;

  beforeAll(async () => {
    fleet = await startFleet(ctx, {
      // Short batch timers, read by the workers at boot.
      runtimeConfig: { batch_window_seconds: 6, batch_idle_timeout_seconds: 2 },
      beforeWorkers: (running) => running.call('POST', '/api/alerts/rules', { name: 'Anyone at the door', object_types: ['person'], camera_ids: ['front_door'], cooldown_seconds: 300 }),
    });
  }, 180_000);

  it('turns one upload into a fast-path event, a batched event, an alert and live messages', async () => {
    const image = await renderShapeImage({ width: 1280, height: 720, shapes: defaultShapes(1280, 720, [2, 9]), seed: 5 });
    const file = path.join(fleet.cameraRoot, 'Front Door', 'snap-0001.jpg');
    await mkdir(path.dirname(file), { recursive: true });
    const uploadedAt = Date.now();
    await writeFile(file, image.bytes);

    const events = await waitFor(
      async () => {
        const page = await fleet.call<{ items: ApiEvent[] }>('GET', '/api/events?camera_id=front_door');
        return page.items.length === 2 && page.items;
      },
      { what: 'two events over REST', timeoutMs: 60_000, intervalMs: 250 },
    );
    const fast = events.find((e) => e.is_fast_path)!;
    const batched = events.find((e) => !e.is_fast_path)!;
    expect(fast.batch_id).toMatch(/^fast_path_\d+$/);
    expect(fast.object_types).toEqual(['person']);
    expect([...batched.object_types].sort()).toEqual(['car', 'dog']);
    expect(batched.detection_ids).toHaveLength(2);
    for (const event of events) {
      expect(event.analysis_source).toBe('rules');
      expect(event.summary.length).toBeGreaterThan(0);
      expect(event.thumbnail_url).toEqual(expect.any(String));
      const thumbnail = await fleet.request('GET', event.thumbnail_url!);
      expect(thumbnail.status).toBe(200);
      expect(thumbnail.contentType).toBe('image/jpeg');
    }

    // The person the fast path reported stands where it was drawn (within 2 px of ground truth).
    const detections = await fleet.call<{ items: ApiDetection[] }>('GET', '/api/detections?camera_id=front_door');
    const person = detections.items.find((d) => d.id === fast.detection_ids[0])!;
    const truth = image.boxes.find((b) => b.className === 'person')!;
    expect(person.object_type).toBe('person');
    for (const [found, drawn] of [[person.bbox_x, truth.x], [person.bbox_y, truth.y], [person.bbox_width, truth.width], [person.bbox_height, truth.height]]) {
      expect(Math.abs(found - drawn)).toBeLessThanOrEqual(2);
    }

    const received = (type: string) => fleet.live.filter((m) => m.type === type);
    await waitFor(() => received('event').length === 2 && received('alert_created').length === 1, { what: 'events and the alert on /ws/events', timeoutMs: 20_000 });
    expect(received('event').map((m) => m.data.batch_id).sort()).toEqual(events.map((e) => e.batch_id).sort());
    expect(received('detection.new')).toHaveLength(3);
    expect(received('detection.batch').map((m) => m.data.close_reason).sort()).toEqual(['fast_path', 'idle']);
    expect(received('alert_created')[0].data).toMatchObject({ event_id: fast.id, status: expect.any(String) });
    const sequences = fleet.live.map((m) => m.sequence).filter((s): s is number => typeof s === 'number');
    expect(new Set(sequences).size).toBe(sequences.length);

    const alerts = await fleet.call<{ items: Array<{ event_id: number }> }>('GET', '/api/alerts');
    expect(alerts.items.map((a) => a.event_id)).toEqual([fast.id]);

    // Per-stage latency of this run, printed for the record (not asserted: the machine is shared).
    const firstEvent = Math.min(...received('event').map((m) => m.at));
    const telemetry = await fleet.call<{ latencies: Record<string, { p50_ms: number | null; sample_count: number }> }>('GET', '/api/system/telemetry');
    expect(telemetry.latencies.batch.sample_count).toBe(2);
    const stages = Object.fromEntries(Object.entries(telemetry.latencies).map(([stage, l]) => [stage, l.p50_ms]));
    process.stdout.write(`e2e upload -> first event on /ws/events: ${firstEvent - uploadedAt} ms; stage p50 (ms): ${JSON.stringify(stages)}\n`);
    expect(firstEvent - uploadedAt).toBeGreaterThan(0);
    const fastPath = await stageLatency(ctx.prisma, fleet.live, fast.batch_id, uploadedAt);
    printStageLatency('fast path', fastPath);
    printStageLatency('idle batch', await stageLatency(ctx.prisma, fleet.live, batched.batch_id, uploadedAt));
    expect(fastPath.webSocketReceipt).toBeGreaterThanOrEqual(fastPath.detectionStored);

    // Every REST answer and WebSocket message of this run matched the live API's documents.
    expect(fleet.system.length).toBeGreaterThan(0);
    expect(fleet.contract.violations).toEqual([]);
  });
});
