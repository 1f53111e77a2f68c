// Detector throughput and latency: the service path (preprocess -> micro-batcher -> model ->
// decode -> box mapping) against the same fixture model on a bare InferenceSession fed the same
// JPEGs (the same preprocessing, one run per batch, no decoding), at batch sizes 1, 4 and 8;
// plus the preprocessing time of one 1920x1080 JPEG. Results: bench-results/detector.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../libs/core/src';
import { summarizeLatencies, timeInLanes, writeBenchResult } from '../../libs/testing/src/bench/benchStats';
import { writeFixtureModel } from '../../libs/testing/src/fixtures/fixtureModel';
import { renderShapeImage } from '../../libs/testing/src/fixtures/shapeImages';
import { ObjectDetector } from '../../services/detector/src/inference/objectDetector';
import { loadModel } from '../../services/detector/src/model/loadModel';
import { InferenceSession, Tensor } from '../../services/detector/src/model/onnxRuntime';
import sharp from 'sharp';
import { imageToTensor } from '../../services/detector/src/preprocess/imageTensor';

const INPUT = 640;
const IMAGES = 24;
const ROUNDS = 4;
const BATCH_SIZES = [1, 4, 8];

/** The bare path gets the same input tensors (same preprocessing), then calls the session itself. */
async function bareTensor(bytes: Buffer): Promise<Float32Array> {
  return (await imageToTensor(bytes, INPUT, INPUT, 'stretch')).data;
}

/** Bare session: per batch, preprocess its images in parallel, then one run. */
async function runBare(session: InferenceSession, images: Buffer[], batch: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let start = 0; start < images.length; start += batch) {
    const t0 = performance.now();
    const chunk = images.slice(start, start + batch);
    const tensors = await Promise.all(chunk.map(bareTensor));
    const pixels = new Float32Array(chunk.length * 3 * INPUT * INPUT);
    tensors.forEach((t, i) => pixels.set(t, i * t.length));
    const sizes = new BigInt64Array(chunk.length * 2).fill(BigInt(INPUT));
    const out = await session.run({ images: new Tensor('float32', pixels, [chunk.length, 3, INPUT, INPUT]), orig_target_sizes: new Tensor('int64', sizes, [chunk.length, 2]) });
    for (const value of Object.values(out)) value.dispose();
    const elapsed = performance.now() - t0;
    for (let i = 0; i < chunk.length; i += 1) latencies.push(elapsed);
  }
  return latencies;
}

/** Service path: `batch` detections in flight at once, as a worker with that concurrency has. */
function runService(detector: ObjectDetector, images: Buffer[], batch: number): Promise<number[]> {
  return timeInLanes(images, batch, (image) => detector.detect(image));
}

interface Measured {
  images_per_second: number;
  per_image: ReturnType<typeof summarizeLatencies>;
}

/**
 * Alternates service and bare rounds so both see the same background load (this machine is
 * shared), and sums each side's own wall time for its images/s.
 */
async function measurePair(service: () => Promise<number[]>, bare: () => Promise<number[]>): Promise<[Measured, Measured]> {
  const sides = [service, bare].map((run) => ({ run, latencies: [] as number[], seconds: 0 }));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const side of sides) {
      const t0 = performance.now();
      side.latencies.push(...(await side.run()));
      side.seconds += (performance.now() - t0) / 1000;
    }
  }
  const [a, b] = sides.map((side) => ({
    images_per_second: Math.round((side.latencies.length / side.seconds) * 10) / 10,
    per_image: summarizeLatencies(side.latencies),
  }));
  return [a, b];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'detector-bench-'));
  try {
    const modelPath = writeFixtureModel(dir, 'rtdetr-fixture.onnx', { family: 'detr', width: INPUT, height: INPUT });
    const images = await Promise.all(Array.from({ length: IMAGES }, (_, i) => renderShapeImage({ width: 1280, height: 720, seed: i + 1 }).then((r) => r.bytes)));
    const logger = createLogger({ service: 'detector-bench', level: 'warn' });
    const bare = await InferenceSession.create(modelPath, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
    const byBatch: Record<string, unknown> = {};
    for (const batch of BATCH_SIZES) {
      const detector = new ObjectDetector(await loadModel({ modelPath, device: 'cpu', fallbackInputSize: INPUT, logger }), {
        maxBatch: batch,
        maxWaitMs: 2,
        resize: 'stretch',
        minScore: 0.5,
        iouThreshold: 0.45,
      });
      await detector.warmUp();
      await runBare(bare, images.slice(0, batch * 2), batch);
      const [service, direct] = await measurePair(
        () => runService(detector, images, batch),
        () => runBare(bare, images, batch),
      );
      byBatch[`batch_${batch}`] = { service, bare_session: direct, service_vs_bare: Math.round((service.images_per_second / direct.images_per_second) * 1000) / 1000 };
      await detector.close();
    }
    await bare.release();
    // Two 1920x1080 JPEGs: the fixture (noise background, quality 95, 4:4:4: a worst case of
    // 1.3 MB) and a camera-like frame (the same scene blurred, quality 80, 4:2:0, about 220 KB).
    const fixtureHd = (await renderShapeImage({ width: 1920, height: 1080, seed: 99 })).bytes;
    const cameraHd = await sharp(fixtureHd).blur(1.5).jpeg({ quality: 80 }).toBuffer();
    const preprocess = async (bytes: Buffer, mode: 'letterbox' | 'stretch') => {
      const samples: number[] = [];
      for (let i = 0; i < 45; i += 1) {
        const t0 = performance.now();
        await imageToTensor(bytes, INPUT, INPUT, mode);
        if (i >= 5) samples.push(performance.now() - t0);
      }
      return { bytes: bytes.length, ...summarizeLatencies(samples) };
    };
    const preprocessing = {
      camera_like_letterbox: await preprocess(cameraHd, 'letterbox'),
      camera_like_stretch: await preprocess(cameraHd, 'stretch'),
      fixture_letterbox: await preprocess(fixtureHd, 'letterbox'),
      fixture_stretch: await preprocess(fixtureHd, 'stretch'),
    };
    writeBenchResult('detector', {
      model: `fixture RT-DETR signature, ${INPUT}x${INPUT}, CPU`,
      images: `${IMAGES} JPEGs 1280x720, ${ROUNDS} alternating rounds per side`,
      load_average: loadavg().map((v) => Math.round(v * 100) / 100),
      cpus: cpus().length,
      ...byBatch,
      preprocess_1920x1080_jpeg: preprocessing,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
