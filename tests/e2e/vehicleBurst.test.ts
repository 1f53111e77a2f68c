import { planScene, renderScene } from '../../scripts/demo/demoScenes';
import { startFleet, type RunningFleet } from './fleet';
import { dropUpload, listDetections, listEvents, type ApiEvent } from './liveViews';
import { printStageLatency, stageLatency } from './stageLatency';
import { useIntegrationContext, waitFor } from './support';

const CAMERAS = [
  { folder: 'Front Door', id: 'front_door' },
  { folder: 'Driveway', id: 'driveway' },
];
const PER_CAMERA = 3;

/** A repeatable random source, so positions and plates are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * A burst of car scenes on two cameras (the demo's renderer: a blue car with a white plate) with
 * OCR on: each camera's burst becomes one batch closed by the idle timeout, one event holding
 * exactly that camera's detections, and every car's plate read into its enrichment data.
 */
describe('a burst of vehicles on two cameras', () => {
  const ctx = useIntegrationContext('e2e-vehicles');
  let fleet: RunningFleet;

  beforeAll(async () => {
    // A long window and an idle timeout: the bursts must end by going quiet, not by the clock.
    // Detections join their batch after OCR, so the idle timeout leaves room for a slow read.
    fleet = await startFleet(ctx, { runtimeConfig: { batch_window_seconds: 60, batch_idle_timeout_seconds: 5 }, enrichment: { OCR_ENABLED: 'true' } });
  }, 180_000);

  it('becomes two batched events with the right detections and the plates read', async () => {
    // Rendered first, then written back to back: a burst, however slow the renderer is.
    const burst = [];
    for (let n = 0; n < PER_CAMERA; n += 1) {
      for (const [index, camera] of CAMERAS.entries()) {
        const scene = planScene(0, seeded(10 * n + index + 1));
        burst.push({ camera, name: `car-${n}.jpg`, plate: scene.plate!.replace(/ /g, ''), bytes: await renderScene(scene, camera.folder, new Date()) });
      }
    }
    const plates = new Map<string, string>();
    const uploadedAt = Date.now();
    for (const upload of burst) plates.set(await dropUpload(fleet, upload.camera.folder, upload.name, upload.bytes), upload.plate);

    const events = await waitFor(
      async () => {
        const list = await listEvents(fleet);
        return list.length === CAMERAS.length && list.every((e) => e.analysis_source) && list;
      },
      { what: 'one event per camera', timeoutMs: 40_000, intervalMs: 250 },
    );
    const batches = fleet.live.filter((m) => m.type === 'detection.batch');
    expect(batches.map((m) => m.data.close_reason)).toEqual(['idle', 'idle']);

    for (const camera of CAMERAS) {
      const event = events.find((e) => e.camera_id === camera.id) as ApiEvent;
      const detections = await listDetections(fleet, `?camera_id=${camera.id}`);
      expect(detections).toHaveLength(PER_CAMERA);
      expect(event).toMatchObject({ is_fast_path: false, object_types: ['car'] });
      expect([...event.detection_ids].sort()).toEqual(detections.map((d) => d.id).sort());
      const read = detections.map((d) => ({ file: d.file_path, plate: d.enrichment_data?.plate?.text?.replace(/ /g, '') }));
      expect(read).toEqual(detections.map((d) => ({ file: d.file_path, plate: plates.get(d.file_path) })));
      printStageLatency(`batch of ${PER_CAMERA} on ${camera.id}`, await stageLatency(ctx.prisma, fleet.live, event.batch_id, uploadedAt));
    }
    expect(fleet.contract.violations).toEqual([]);
  }, 60_000);
});
