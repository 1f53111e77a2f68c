import { detectionFactory, useIntegrationContext } from '@secpipe/testing';
import type { DetectionRow } from '../src/detections/detectionRepository';
import { prismaSightings, StationaryStep } from '../src/stationary/stationaryStep';
import { ImageFrame } from '../src/steps/imageFrame';

const ctx = useIntegrationContext('enrichment-stationary');
const T0 = new Date('2026-11-20T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const PARKED: [number, number, number, number] = [600, 400, 400, 220];

async function sighting(cameraId: string, seconds: number, box = PARKED, objectType = 'car') {
  const [bbox_x, bbox_y, bbox_width, bbox_height] = box;
  return detectionFactory.create(ctx.prisma, { camera_id: cameraId, detected_at: at(seconds), object_type: objectType, bbox_x, bbox_y, bbox_width, bbox_height });
}

async function classify(cameraId: string, seconds: number, box = PARKED, objectType = 'car') {
  const row = await sighting(cameraId, seconds, box, objectType);
  const step = new StationaryStep(prismaSightings(ctx.prisma), { afterSeconds: 300, minIou: 0.85, maxGapSeconds: 120 });
  const outcome = await step.run({ cameraId, detectedAt: at(seconds), detections: [row as unknown as DetectionRow], frame: new ImageFrame('/unused.jpg'), so_far: new Map() });
  return outcome.parts?.get(row.id) ?? null;
}

describe('stationary objects over a sequence', () => {
  it('marks the parked car only once it has been in place longer than the threshold', async () => {
    for (const s of [0, 60, 120, 180, 240]) await sighting('drive', s, [PARKED[0] + (s % 120 === 0 ? 0 : 4), PARKED[1], PARKED[2], PARKED[3]]);
    expect(await classify('drive', 290)).toEqual({ stationary: false });
    const parked = await classify('drive', 360);
    expect(parked).toEqual({ stationary: true, stationary_seconds: 360 });
  });

  it('does not mark a car that moved, an object of another class, or one seen after a long gap', async () => {
    for (const s of [0, 100, 200, 300]) await sighting('street', s);
    expect(await classify('street', 400, [200, 400, 400, 220])).toEqual({ stationary: false });
    expect(await classify('street', 400, PARKED, 'person')).toBeNull();
    // 0..300 continuous, then nothing until 700: the run is broken.
    expect(await classify('street', 700)).toEqual({ stationary: false });
  });
});
