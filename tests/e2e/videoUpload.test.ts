import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFleet, type RunningFleet } from './fleet';
import { renderShapeClip, useIntegrationContext, waitFor, type ShapeClip } from './support';
import type { ApiEvent } from './liveViews';

interface ApiDetection {
  id: number;
  object_type: string;
  bbox_x: number;
  bbox_y: number;
  bbox_width: number;
  bbox_height: number;
  media_type: string;
  file_path: string;
  video_path: string | null;
  frame_offset: number | null;
  duration: number | null;
  video_codec: string | null;
  video_width: number | null;
  video_height: number | null;
  batch_id?: string;
}

/** 640x480 is stretched to the model's 640x640: x unchanged, y times 4/3. */
const MODEL_SCALE = { x: 640 / 640, y: 640 / 480 };

/**
 * A clip through the fleet as real processes: ingest probes it and takes frames with the real
 * ffmpeg, the detector finds the fixture shapes in each frame, enrichment keeps the clip in one
 * batch, the analyzer makes one event, and the API serves the clip back with range requests.
 */
describe('video upload to detections and one event across the fleet', () => {
  const ctx = useIntegrationContext('e2e-video');
  let fleet: RunningFleet;
  let clip: ShapeClip;

  beforeAll(async () => {
    [fleet, clip] = await Promise.all([
      startFleet(ctx, { runtimeConfig: { batch_window_seconds: 60, batch_idle_timeout_seconds: 2 } }),
      // Shapes move 16 px right every 4 s; edges on multiples of 2 (x) and 6 (y) land on whole
      // model pixels and on the 4:2:0 chroma grid.
      renderShapeClip({ width: 640, height: 480, seconds: 12, fps: 4, snap: [2, 6], shiftPx: 16, seed: 21 }),
    ]);
  }, 180_000);

  it('turns a 12 s clip into detections on frames at 0, 4 and 8 s with exact boxes, and one event', async () => {
    const file = path.join(fleet.cameraRoot, 'Driveway', 'motion-0001.mp4');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, clip.bytes);

    const ofClip = async () =>
      (await fleet.call<{ items: ApiDetection[] }>('GET', '/api/detections?camera_id=driveway&limit=100')).items.filter((d) => d.video_path === file);
    const found = await waitFor(async () => ((await ofClip()).length === 9 ? ofClip() : undefined), { what: 'nine detections of the clip', timeoutMs: 60_000 });

    expect([...new Set(found.map((d) => d.frame_offset))].sort()).toEqual([0, 4, 8]);
    for (const detection of found) {
      expect(detection).toMatchObject({ media_type: 'video', duration: 12, video_codec: 'h264', video_width: 640, video_height: 480 });
      const truth = clip.boxesAt(detection.frame_offset!).find((box) => box.className === detection.object_type)!;
      expect(truth).toBeDefined();
      expect(Math.abs(detection.bbox_x - truth.x) * MODEL_SCALE.x).toBeLessThanOrEqual(2);
      expect(Math.abs(detection.bbox_y - truth.y) * MODEL_SCALE.y).toBeLessThanOrEqual(2);
      expect(Math.abs(detection.bbox_width - truth.width) * MODEL_SCALE.x).toBeLessThanOrEqual(2);
      expect(Math.abs(detection.bbox_height - truth.height) * MODEL_SCALE.y).toBeLessThanOrEqual(2);
    }

    // The person (0.92) would take the fast path as a snapshot; a clip stays one event.
    const events = await waitFor(
      async () => {
        const page = await fleet.call<{ items: ApiEvent[] }>('GET', '/api/events?camera_id=driveway');
        return page.items.length > 0 && page.items;
      },
      { what: 'the event of the clip', timeoutMs: 30_000 },
    );
    expect(events).toHaveLength(1);
    expect(events[0].is_fast_path).toBe(false);
    expect([...events[0].detection_ids].sort()).toEqual(found.map((d) => d.id).sort());

    const served = await fetch(`${fleet.api}/api/detections/${found[0].id}/video`, { headers: { range: 'bytes=0-99' } });
    expect(served.status).toBe(206);
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), clip.bytes.subarray(0, 100))).toBe(0);
    const thumbnail = await fetch(`${fleet.api}/api/media/cameras/driveway/motion-0001.mp4?thumbnail=true`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
  });
});
