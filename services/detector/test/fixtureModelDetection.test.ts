/** @jest-environment ./test/support/nativeArraysEnvironment.ts */
import { writeFileSync } from 'node:fs';
import { buildFixtureModel, defaultShapes, renderShapeImage, type ShapeImage } from '@secpipe/testing';
import type { DetectionResult, ObjectDetector } from '../src/inference/objectDetector';
import { loadModel, ModelUnavailableError } from '../src/model/loadModel';
import type { ResizeMode } from '../src/preprocess/letterbox';
import { fixtureDetector, silentLogger, snapFor, tempDir } from './support/fixtureDetector';

const temp = tempDir('fixture');
afterAll(() => temp.remove());

const ASPECTS = [
  { name: '4:3', width: 1024, height: 768 },
  { name: '16:9', width: 1920, height: 1080 },
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'tiny', width: 64, height: 48 },
];

async function shapeImage(width: number, height: number, mode: ResizeMode, seed = 1): Promise<ShapeImage> {
  return renderShapeImage({ width, height, seed, shapes: defaultShapes(width, height, snapFor(width, height, 640, mode)) });
}

function expectMatchesGroundTruth(result: DetectionResult, image: ShapeImage): void {
  expect(result.detections).toHaveLength(image.boxes.length);
  for (const truth of image.boxes) {
    const found = result.detections.find((d) => d.className === truth.className);
    expect(found).toBeDefined();
    const { x, y, width, height } = found!.bbox;
    for (const [got, want] of [[x, truth.x], [y, truth.y], [x + width, truth.x + truth.width], [y + height, truth.y + truth.height]]) {
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1);
    }
  }
  expect([result.imageWidth, result.imageHeight]).toEqual([image.width, image.height]);
}

describe.each([
  { family: 'detr' as const, resize: 'stretch' as const },
  { family: 'yolo' as const, resize: 'letterbox' as const },
  { family: 'detr' as const, resize: 'letterbox' as const },
])('$family fixture model, $resize', ({ family, resize }) => {
  let detector: ObjectDetector;
  beforeAll(async () => {
    detector = await fixtureDetector(temp.dir, { family }, { resize });
  });
  afterAll(() => detector.close());

  it.each(ASPECTS)('finds every shape within 1 px of ground truth ($name)', async ({ width, height }) => {
    const image = await shapeImage(width, height, resize);
    expectMatchesGroundTruth(await detector.detect(image.bytes), image);
  });
});

describe('batching on the real runtime', () => {
  const images: Promise<ShapeImage[]> = Promise.all(
    [
      [640, 480],
      [800, 600],
      [1280, 720],
      [720, 1280],
      [96, 72],
      [1000, 1000],
      [333, 777],
      [1920, 1080],
    ].map(([w, h], i) => renderShapeImage({ width: w, height: h, seed: 10 + i, shapes: defaultShapes(w, h).slice(0, 1 + (i % 3)) })),
  );
  const strip = (r: DetectionResult) => ({ detections: r.detections, size: [r.imageWidth, r.imageHeight] });

  it.each(['detr', 'yolo'] as const)('a batch of 8 equals 8 single calls exactly (%s)', async (family) => {
    const batched = await fixtureDetector(temp.dir, { family, width: 320, height: 320 }, { maxBatch: 8, maxWaitMs: 10_000 });
    const single = await fixtureDetector(temp.dir, { family, width: 320, height: 320 }, { maxBatch: 1 });
    try {
      const all = await images;
      const together = await Promise.all(all.map((image) => batched.detect(image.bytes)));
      expect(together.map((r) => r.batchSize)).toEqual(new Array(8).fill(8));
      const alone: DetectionResult[] = [];
      for (const image of all) alone.push(await single.detect(image.bytes));
      expect(alone.map((r) => r.batchSize)).toEqual(new Array(8).fill(1));
      expect(together.map(strip)).toEqual(alone.map(strip));
      expect(together.flatMap((r) => r.detections).length).toBeGreaterThanOrEqual(8);
    } finally {
      await Promise.all([batched.close(), single.close()]);
    }
  });

  it('runs one by one when the model has a fixed batch axis', async () => {
    const detector = await fixtureDetector(temp.dir, { family: 'detr', width: 320, height: 320, batch: 1 }, { maxBatch: 8, maxWaitMs: 50 });
    try {
      expect(detector.info).toMatchObject({ dynamicBatch: false, maxBatch: 1 });
      const all = (await images).slice(0, 4);
      const results = await Promise.all(all.map((image) => detector.detect(image.bytes)));
      expect(results.map((r) => r.batchSize)).toEqual([1, 1, 1, 1]);
      expect(detector.stats()).toEqual({ model_calls: 4, images: 4 });
    } finally {
      await detector.close();
    }
  });

  it('warms up with a single image and a full batch', async () => {
    const detector = await fixtureDetector(temp.dir, { family: 'yolo', width: 320, height: 320 }, { maxBatch: 4 });
    try {
      expect(detector.warm).toBe(false);
      await detector.warmUp();
      expect(detector.warm).toBe(true);
    } finally {
      await detector.close();
    }
  });
});

describe('model loading', () => {
  it('names classes from the model metadata when present', async () => {
    const names = `{${Array.from({ length: 80 }, (_, i) => `${i}: '${i === 0 ? 'intruder' : `c${i}`}'`).join(', ')}}`;
    const detector = await fixtureDetector(temp.dir, { family: 'yolo', width: 320, height: 320, metadata: { names } });
    try {
      const image = await renderShapeImage({ width: 320, height: 320, shapes: [{ colour: 'red', x: 10, y: 10, width: 50, height: 90 }] });
      const result = await detector.detect(image.bytes);
      expect(result.detections.map((d) => d.className)).toEqual(['intruder']);
    } finally {
      await detector.close();
    }
  });

  it('says where the model is expected and how to provide it when the file is missing', async () => {
    const attempt = loadModel({ modelPath: `${temp.dir}/absent.onnx`, device: 'cpu', fallbackInputSize: 640, logger: silentLogger() });
    await expect(attempt).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(attempt).rejects.toThrow(/not found at .*absent\.onnx .*deploy\/models\/README\.md/);
  });

  it('falls back to CPU, with the reason, when the CUDA provider cannot initialise', async () => {
    const file = `${temp.dir}/cuda-fallback.onnx`;
    writeFileSync(file, buildFixtureModel({ family: 'detr', width: 64, height: 64 }));
    const model = await loadModel({ modelPath: file, device: 'cuda', fallbackInputSize: 640, logger: silentLogger(), probe: { gpuVisible: true, cudaProviderInstalled: true } });
    try {
      expect(model.provider).toBe('cpu');
      expect(model.providerReason).toMatch(/^CUDA provider failed to initialise \(.+\); using CPU$/);
    } finally {
      await model.session.release();
    }
  });
});
