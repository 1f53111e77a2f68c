// Whole pipeline, as the fleet runs it: the five services as separate processes (ingest watching
// a camera root, the fixture model in the detector, the rules assessor in the analyzer) on a
// database cloned from the migrated template and a Redis prefix of its own.
//
// 1. Reference: the detector's own path (ObjectDetector, batches of 8, 8 in flight) on the same
//    JPEGs, in this process, in this run: the images/s the whole pipeline should approach.
// 2. Throughput at 1, 10 and 50 cameras: a burst of 1280x720 JPEGs (a car and a dog each, so they
//    are batched), sustained images/s from the first upload to the last image enriched, then
//    until every detection is in an event; per-stage p50/p99 from the services' own telemetry;
//    CPU time per image of each service process (/proc), whose sum bounds the throughput when
//    all five share the machine's cores (on 2 cores it is that bound, not the detector, that binds).
// 3. Fast path: person images at 1 and 20 uploads/s; upload written -> `event` on /ws/events.
//
// Results: bench-results/pipeline.json. BENCH_PIPELINE_IMAGES sets the burst size (default 600);
// BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of every service there when the fleet stops.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, PIPELINE_STAGES, readStageLatencies, stageTimingsKey, type PrismaClient, type Redis } from '../../libs/core/src';
import { summarizeLatencies, timeInLanes, writeBenchResult } from '../../libs/testing/src/bench/benchStats';
import { ensureTemplateDatabase } from '../../libs/testing/src/db/templateDatabase';
import { createTestDatabase } from '../../libs/testing/src/db/testDatabase';
import { writeFixtureModel } from '../../libs/testing/src/fixtures/fixtureModel';
import { renderShapeImage, type ShapeSpec } from '../../libs/testing/src/fixtures/shapeImages';
import { jpegVariant } from '../../libs/testing/src/fixtures/uploadImages';
import type { IntegrationContext } from '../../libs/testing/src/jest/integrationContext';
import { closeRedis, createTestRedis, deleteKeysWithPrefix, uniquePrefix, workerConnection } from '../../libs/testing/src/redis/testRedis';
import { ObjectDetector } from '../../services/detector/src/inference/objectDetector';
import { loadModel } from '../../services/detector/src/model/loadModel';
import { startFleet, type RunningFleet } from '../e2e/fleet';

const WIDTH = 1280;
const HEIGHT = 720;
const BURST = Number(process.env.BENCH_PIPELINE_IMAGES ?? 600);
const CAMERA_COUNTS = [1, 10, 50];
const FAST_PATH_RATES = [
  { per_second: 1, seconds: 20 },
  { per_second: 20, seconds: 10 },
];
const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` answers a value; the time is taken when it does. */
async function until<T>(what: string, done: () => Promise<T | false>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await done();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function renderBase(shapes: (w: number, h: number) => ShapeSpec[], count: number): Promise<Buffer[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => renderShapeImage({ width: WIDTH, height: HEIGHT, shapes: shapes(WIDTH, HEIGHT), seed: 1000 + i }).then((r) => r.bytes)));
}

const vehicleScene = (w: number, h: number): ShapeSpec[] => [
  { colour: 'blue', x: Math.round(w * 0.4), y: Math.round(h * 0.55), width: Math.round(w * 0.3), height: Math.round(h * 0.25) },
  { colour: 'green', x: Math.round(w * 0.75), y: Math.round(h * 0.1), width: Math.round(w * 0.15), height: Math.round(h * 0.2) },
];
const personScene = (w: number, h: number): ShapeSpec[] => [{ colour: 'red', x: Math.round(w * 0.1), y: Math.round(h * 0.15), width: Math.round(w * 0.15), height: Math.round(h * 0.5) }];

/** The detector's own path on these JPEGs: the bound the whole pipeline is measured against. */
async function detectorReference(images: Buffer[], scratch: string): Promise<{ images_per_second: number; per_image: ReturnType<typeof summarizeLatencies> }> {
  const logger = createLogger({ service: 'pipeline-bench', level: 'warn' });
  const modelPath = writeFixtureModel(scratch, 'reference.onnx', { family: 'detr' });
  const detector = new ObjectDetector(await loadModel({ modelPath, device: 'cpu', fallbackInputSize: 640, logger }), { maxBatch: 8, maxWaitMs: 5, resize: 'stretch', minScore: 0.5, iouThreshold: 0.45 });
  await detector.warmUp();
  const t0 = performance.now();
  const latencies = await timeInLanes(images, 8, (image) => detector.detect(image));
  const seconds = (performance.now() - t0) / 1000;
  await detector.close();
  return { images_per_second: round(images.length / seconds), per_image: summarizeLatencies(latencies) };
}

async function clearTelemetry(redis: Redis, prefix: string): Promise<void> {
  await redis.del(...PIPELINE_STAGES.map((stage) => stageTimingsKey(prefix, stage)));
}

async function stageTable(redis: Redis, prefix: string): Promise<Record<string, { p50_ms: number | null; p99_ms: number | null; samples: number }>> {
  const latencies = await readStageLatencies(redis, prefix);
  return Object.fromEntries(Object.entries(latencies).map(([stage, l]) => [stage, { p50_ms: l.p50_ms, p99_ms: l.p99_ms, samples: l.sample_count }]));
}

/** CPU seconds (user + system) each service process has used so far, from /proc. */
async function serviceCpuSeconds(fleet: RunningFleet): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.values(fleet.services).map(async (service) => {
      const stat = await readFile(`/proc/${service.process.child.pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [service.name, (Number(fields[11]) + Number(fields[12])) / 100] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function cpuPerImage(before: Record<string, number>, after: Record<string, number>, images: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((name) => [name, round(((after[name] - before[name]) * 1000) / images, 2)]));
}

async function countRow(prisma: PrismaClient, sql: string): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<Array<{ n: bigint }>>(sql);
  return Number(row.n);
}

/** One burst over `cameras` camera folders; every image carries a car and a dog. */
async function throughputPhase(fleet: RunningFleet, prisma: PrismaClient, redis: Redis, prefix: string, base: Buffer[], cameras: number, phase: string) {
  await clearTelemetry(redis, prefix);
  const before = await countRow(prisma, 'SELECT COUNT(*) AS n FROM detections');
  const expected = before + BURST * 2;
  const cpuBefore = await serviceCpuSeconds(fleet);
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      // One view per camera, as a fixed camera has: the scene check compares like with like.
      const camera = `${phase}_cam_${String(i % cameras).padStart(2, '0')}`;
      const file = path.join(fleet.cameraRoot, camera, `img-${String(i).padStart(5, '0')}.jpg`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, jpegVariant(base[(i % cameras) % base.length], `${phase}-${i}`));
    }),
  );
  const written = Date.now();
  const enrichedAt = await until('every image enriched', async () => (await countRow(prisma, 'SELECT COUNT(*) AS n FROM detections WHERE enrichment_data IS NOT NULL')) >= expected && Date.now());
  const eventsAt = await until('every detection in an event', async () => (await countRow(prisma, 'SELECT COUNT(*) AS n FROM detections d WHERE EXISTS (SELECT 1 FROM event_detections ed WHERE ed.detection_id = d.id)')) >= expected && Date.now());
  const stored = (await countRow(prisma, 'SELECT COUNT(*) AS n FROM detections')) - before;
  const cpu = cpuPerImage(cpuBefore, await serviceCpuSeconds(fleet), BURST);
  return {
    cameras,
    images: BURST,
    write_seconds: round((written - t0) / 1000, 2),
    images_per_second_to_enriched: round(BURST / ((enrichedAt - t0) / 1000)),
    images_per_second_to_event: round(BURST / ((eventsAt - t0) / 1000)),
    detections_stored: stored,
    lost_detections: BURST * 2 - stored,
    stages: await stageTable(redis, prefix),
    cpu_ms_per_image: cpu,
  };
}

/** Person images at a fixed rate; latency from the file written to its `event` on /ws/events. */
async function fastPathPhase(fleet: RunningFleet, prisma: PrismaClient, base: Buffer[], rate: { per_second: number; seconds: number }) {
  const count = rate.per_second * rate.seconds;
  const writtenAt = new Map<string, number>();
  const startIndex = fleet.live.length;
  const t0 = Date.now();
  for (let i = 0; i < count; i += 1) {
    const due = t0 + (i * 1000) / rate.per_second;
    if (due > Date.now()) await sleep(due - Date.now());
    const file = path.join(fleet.cameraRoot, `fast_${rate.per_second}`, `person-${String(i).padStart(5, '0')}.jpg`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, jpegVariant(base[rate.per_second % base.length], `fast-${rate.per_second}-${i}`));
    writtenAt.set(file, Date.now());
  }
  const fastEvents = () => fleet.live.slice(startIndex).filter((m) => m.type === 'event' && m.data.camera_id === `fast_${rate.per_second}`);
  await until('every fast-path event on the WebSocket', async () => fastEvents().length >= count && true, 120_000);
  // A fast-path event's batch holds the one detection that triggered it.
  const received = new Map(fastEvents().map((m) => [String(m.data.batch_id), m.at]));
  const rows = await prisma.detection.findMany({ where: { batch_id: { in: [...received.keys()] } }, select: { batch_id: true, file_path: true } });
  const latencies = rows.map((row) => (received.get(row.batch_id ?? '') ?? Number.NaN) - (writtenAt.get(row.file_path) ?? Number.NaN)).filter(Number.isFinite);
  return { uploads_per_second: rate.per_second, uploads: count, events: fastEvents().length, upload_to_ws_event: summarizeLatencies(latencies) };
}

async function main(): Promise<void> {
  await ensureTemplateDatabase();
  const db = await createTestDatabase('pipeline_bench');
  const redis = createTestRedis();
  const prefix = uniquePrefix('pipeline-bench');
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const ctx: IntegrationContext = { prisma: db.prisma, databaseUrl: db.url, redis, prefix, connection: workerConnection(), onClose: (close) => void closers.push(close) };
  const scratch = path.join(tmpdir(), `pipeline-bench-${process.pid}`);
  await mkdir(scratch, { recursive: true });
  try {
    const vehicles = await renderBase(vehicleScene, 16);
    const people = await renderBase(personScene, 8);
    const reference = await detectorReference(Array.from({ length: 240 }, (_, i) => jpegVariant(vehicles[i % vehicles.length], `ref-${i}`)), scratch);
    console.log(`detector reference: ${reference.images_per_second} images/s`);
    const profile = process.env.BENCH_PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}` } : undefined;
    const fleet = await startFleet(ctx, { runtimeConfig: { batch_window_seconds: 10, batch_idle_timeout_seconds: 2, scene_change_enabled: true }, common: profile });
    const throughput = [];
    for (const cameras of CAMERA_COUNTS) {
      const result = await throughputPhase(fleet, db.prisma, redis, prefix, vehicles, cameras, `c${cameras}`);
      const stages = Object.entries(result.stages).map(([stage, l]) => `${stage} ${l.p50_ms}/${l.p99_ms}`).join(', ');
      console.log(`${cameras} camera(s): ${result.images_per_second_to_enriched} images/s to enriched, ${result.images_per_second_to_event} to event; p50/p99 ms: ${stages}; CPU ms/image: ${JSON.stringify(result.cpu_ms_per_image)}`);
      // Every service shares the machine's cores: the sum of their CPU per image bounds the whole.
      const cpuMs = Object.values(result.cpu_ms_per_image).reduce((sum, ms) => sum + ms, 0);
      const cpuBound = round((cpus().length * 1000) / cpuMs);
      throughput.push({ ...result, ratio_to_detector: round(result.images_per_second_to_enriched / reference.images_per_second, 3), cpu_ms_per_image_total: round(cpuMs), cpu_bound_images_per_second: cpuBound, ratio_to_cpu_bound: round(result.images_per_second_to_enriched / cpuBound, 3) });
    }
    const fastPath = [];
    for (const rate of FAST_PATH_RATES) fastPath.push(await fastPathPhase(fleet, db.prisma, people, rate));
    const detectorP50 = reference.per_image.p50_ms;
    writeBenchResult('pipeline', {
      cpus: cpus().length,
      load_average: loadavg().map((v) => round(v, 2)),
      images: `${WIDTH}x${HEIGHT} JPEGs, fixture model (RT-DETR signature, 640x640, CPU), rules assessor`,
      detector_reference: reference,
      throughput,
      fast_path: fastPath.map((phase) => ({ ...phase, detector_per_image_p50_ms: detectorP50 })),
      targets: { throughput_ratio_to_detector: 0.8, fast_path_p99_ms_at_1_per_s: 250, fast_path_p99_ms_at_20_per_s: 1000 },
      summary: [
        { metric: 'detector reference', value: `${reference.images_per_second} images/s` },
        ...throughput.map((t) => ({ metric: `pipeline, ${t.cameras} camera(s)`, value: `${t.images_per_second_to_enriched} images/s (${t.ratio_to_detector}x detector, ${t.ratio_to_cpu_bound}x the CPU bound of ${t.cpu_bound_images_per_second}), ${t.images_per_second_to_event} to event, ${t.lost_detections} lost` })),
        ...fastPath.map((f) => ({ metric: `fast path at ${f.uploads_per_second}/s`, value: `upload -> WS event p50 ${f.upload_to_ws_event.p50_ms} / p99 ${f.upload_to_ws_event.p99_ms} ms` })),
      ],
    });
  } finally {
    for (const close of closers.reverse()) await close();
    await deleteKeysWithPrefix(redis, prefix);
    await closeRedis(redis);
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
