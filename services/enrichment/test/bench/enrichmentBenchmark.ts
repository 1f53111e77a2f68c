// `pnpm bench enrichment`: detections/s through the whole enrichment path (steps, thumbnail,
// baselines, one-statement write, batching) with OCR off and on, the batching overhead per
// detection (p99), and the cost growth from 1k to 10k detections over 50 cameras.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Job } from 'bullmq';
import sharp from 'sharp';
import { BreakerRegistry, closeRedis, createLogger, type EnrichmentJob, type PrismaClient, type Redis } from '@secpipe/core';
import { createTestDatabase, createTestRedis, deleteKeysWithPrefix, ensureTemplateDatabase, fakeFileHash, summarizeLatencies, uniquePrefix, workerConnection, writeBenchResult } from '@secpipe/testing';
import { BaselineRecorder } from '../../src/baselines/baselineRecorder';
import { createPlateStep } from '../../src/ocr/ocrSetup';
import { DetectionRepository } from '../../src/detections/detectionRepository';
import { createEnrichmentParts } from '../../src/service/enrichmentParts';
import { defaultSteps } from '../../src/steps/defaultSteps';
import type { EnrichmentStep } from '../../src/steps/enrichmentStep';
import { ThumbnailRenderer } from '../../src/thumbnails/thumbnailRenderer';
import { TEST_BATCHING, testPolicy } from '../support/enrichmentHarness';

const CAMERAS = 50;
const PER_IMAGE = 5;
const CONCURRENCY = 4;
const STEP_CONFIG = { STATIONARY_AFTER_SECONDS: 300, STATIONARY_IOU: 0.85, STATIONARY_MAX_GAP_SECONDS: 120, QUALITY_BLUR_THRESHOLD: 100, QUALITY_DARK_THRESHOLD: 40 };
const logger = createLogger({ service: 'enrichment-bench', level: 'warn' });
const context = { job: { timestamp: Date.now() } as Job, logger, attempt: 1 };
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Env {
  prisma: PrismaClient;
  redis: Redis;
  prefix: string;
  dir: string;
  image: string;
}

const camera = (i: number) => `bench_cam_${i % CAMERAS}`;

/** Inserts `images` images of PER_IMAGE detections (cars big enough for OCR), one statement. */
async function seed(env: Env, images: number, label: string, start = Date.now()): Promise<EnrichmentJob[]> {
  const rows: string[] = [];
  const jobs: EnrichmentJob[] = [];
  for (let i = 0; i < images; i += 1) {
    const hash = fakeFileHash(`${label}-${i}`);
    // Each camera uploads every 30 s: the stationary look-back (7 min) holds a bounded history,
    // as on a real site, instead of every detection of the run.
    const at = new Date(start + Math.floor(i / CAMERAS) * 30_000);
    for (let b = 0; b < PER_IMAGE; b += 1) rows.push(`('${camera(i)}','${env.image}','${hash}',${b},'${at.toISOString()}','${b % 2 ? 'person' : 'car'}',0.7,${100 + b * 220},${300 + (i % 7) * 3},200,${b % 2 ? 300 : 150},1280,720)`);
    jobs.push({ v: 1, camera_id: camera(i), file_path: env.image, file_hash: hash, detection_ids: [], detected_at: at.toISOString(), correlation_id: `${label}-${i}` });
  }
  const ids = await env.prisma.$queryRawUnsafe<Array<{ id: number; file_hash: string }>>(
    `INSERT INTO detections (camera_id, file_path, file_hash, box_index, detected_at, object_type, confidence, bbox_x, bbox_y, bbox_width, bbox_height, image_width, image_height) VALUES ${rows.join(',')} RETURNING id, file_hash`,
  );
  const byHash = new Map<string, number[]>();
  for (const row of ids) byHash.set(row.file_hash, [...(byHash.get(row.file_hash) ?? []), row.id]);
  return jobs.map((job) => ({ ...job, detection_ids: byHash.get(job.file_hash) ?? [] }));
}

/** Runs the jobs through a handler CONCURRENCY at a time; detections/s and per-image latencies. */
async function run(env: Env, steps: EnrichmentStep[], jobs: EnrichmentJob[], withPixels: boolean) {
  const parts = createEnrichmentParts({
    config: { ...TEST_BATCHING, QUEUE_PREFIX: env.prefix, BATCH_SWEEP_INTERVAL_MS: 60_000 },
    prisma: env.prisma,
    redis: env.redis,
    connection: workerConnection(),
    logger,
    policy: () => testPolicy({ windowMs: 90_000, idleMs: 30_000 }, []),
    steps,
    thumbnails: withPixels ? new ThumbnailRenderer(path.join(env.dir, 'thumbs')) : undefined,
    baselines: new BaselineRecorder({ timeZone: 'UTC', minSamples: 10, alpha: 0.1 }),
  });
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const started = performance.now();
        await parts.handler(job, context);
        latencies.push(performance.now() - started);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const step of parts.steps) await step.close();
  const detections = jobs.reduce((sum, job) => sum + job.detection_ids.length, 0);
  return { images: jobs.length, detections, seconds: round(seconds, 2), detections_per_second: round(detections / seconds), per_image: summarizeLatencies(latencies) };
}

/** Batching alone: Batcher.add for one detection at a time, spread over the cameras. */
async function batchingOverhead(env: Env, jobs: EnrichmentJob[]) {
  const parts = createEnrichmentParts({ config: { ...TEST_BATCHING, QUEUE_PREFIX: `${env.prefix}-b`, BATCH_SWEEP_INTERVAL_MS: 60_000 }, prisma: env.prisma, redis: env.redis, connection: workerConnection(), logger, policy: () => testPolicy({ windowMs: 600_000, idleMs: 600_000 }, []), steps: [] });
  const { Batcher } = await import('../../src/batching/batcher');
  const { BatchHandOff } = await import('../../src/batching/batchHandOff');
  const batcher = new Batcher(parts.store, new BatchHandOff({ store: parts.store, detections: { markBatched: async () => 0 }, facts: async () => ({ context: { zone_ids: [], plates: [], max_baseline_deviation: null, cross_camera: [], quality_flags: [] }, firstDetectedAt: null, lastDetectedAt: null }), analysis: parts.analysis, publisher: { publish: async () => ({}) as never }, logger }), () => testPolicy({ windowMs: 600_000, idleMs: 600_000, maxDetections: 500 }, []));
  const samples: number[] = [];
  for (const job of jobs) {
    for (const id of job.detection_ids) {
      const t0 = performance.now();
      await batcher.add(job.camera_id, job.correlation_id, [{ id, object_type: 'car', confidence: 0.7 }]);
      samples.push(performance.now() - t0);
    }
  }
  for (const step of parts.steps) await step.close();
  return summarizeLatencies(samples);
}

/**
 * The one-statement enrichment write of an image (5 rows, in a transaction), with the
 * change-notification trigger on `detections` (one NOTIFY per statement) and without it,
 * alternating rounds so both see the same background load.
 */
async function notificationTriggerCost(env: Env, jobs: EnrichmentJob[]) {
  const repository = new DetectionRepository(env.prisma);
  const data = { v: 1, zone_ids: [], zones: [], filtered: false, filter_reasons: [], stationary: false, steps: {} };
  const sides = { trigger_on: [] as number[], trigger_off: [] as number[] };
  for (let round = 0; round < 4; round += 1) {
    for (const side of ['trigger_on', 'trigger_off'] as const) {
      await env.prisma.$executeRawUnsafe(`ALTER TABLE detections ${side === 'trigger_on' ? 'ENABLE' : 'DISABLE'} TRIGGER detections_notify_change`);
      for (const job of jobs) {
        const t0 = performance.now();
        await repository.transaction((tx) => repository.writeEnrichment(job.detection_ids.map((id) => ({ id, data, thumbnail_path: null })), tx));
        sides[side].push(performance.now() - t0);
      }
    }
  }
  await env.prisma.$executeRawUnsafe('ALTER TABLE detections ENABLE TRIGGER detections_notify_change');
  const on = summarizeLatencies(sides.trigger_on);
  const off = summarizeLatencies(sides.trigger_off);
  return { rows_per_write: PER_IMAGE, trigger_on: on, trigger_off: off, p50_cost_ms: round(on.p50_ms - off.p50_ms, 3) };
}

export async function runEnrichmentBenchmark(): Promise<void> {
  await ensureTemplateDatabase();
  const db = await createTestDatabase('bench_enrichment');
  const redis = createTestRedis();
  const dir = await mkdtemp(path.join(tmpdir(), 'enrichment-bench-'));
  const env: Env = { prisma: db.prisma, redis, prefix: uniquePrefix('bench-enrichment'), dir, image: path.join(dir, 'frame.jpg') };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="1280" height="720" fill="#5b6470"/><rect x="100" y="300" width="200" height="150" fill="#1f4e8c"/><rect x="140" y="400" width="120" height="36" fill="#fff"/><text x="200" y="428" font-family="monospace" font-size="26" text-anchor="middle">KX 4821</text></svg>`;
  await writeFile(env.image, await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer());
  const breakers = new BreakerRegistry();
  try {
    await env.prisma.camera.createMany({ data: Array.from({ length: CAMERAS }, (_, i) => ({ id: camera(i), name: camera(i), folder_path: `/bench/${i}` })) });
    const pixelSteps = defaultSteps(STEP_CONFIG, env.prisma);
    const ocrOff = await run(env, pixelSteps, await seed(env, 200, 'off'), true);
    const plates = await createPlateStep({ OCR_ENABLED: 'true', OCR_MIN_BOX_PX: 80, OCR_TIMEOUT_MS: 10_000 }, breakers, logger);
    const ocrOn = await run(env, defaultSteps(STEP_CONFIG, env.prisma, [plates.step]), await seed(env, 20, 'on'), true);
    await plates.close();
    const batching = await batchingOverhead(env, await seed(env, 400, 'batch'));
    const triggers = await notificationTriggerCost(env, await seed(env, 100, 'trigger'));
    // Growth: the database and batching path (zones, filters, stationary, baselines, write, batch).
    const dbSteps = defaultSteps(STEP_CONFIG, env.prisma).filter((step) => step.name !== 'quality');
    const small = await run(env, dbSteps, await seed(env, 1000 / PER_IMAGE, 'g1k', Date.now() + 86_400_000), false);
    const large = await run(env, dbSteps, await seed(env, 10_000 / PER_IMAGE, 'g10k', Date.now() + 2 * 86_400_000), false);
    writeBenchResult('enrichment', {
      load_average: loadavg().map((v) => round(v, 2)),
      cpus: cpus().length,
      setup: `${CAMERAS} cameras, ${PER_IMAGE} detections per 1280x720 JPEG, ${CONCURRENCY} jobs in flight`,
      ocr_off: ocrOff,
      ocr_on: ocrOn,
      batching_per_detection: batching,
      enrichment_write_notification_trigger: triggers,
      growth: { detections_1k: small, detections_10k: large, ms_per_detection_ratio_10k_vs_1k: round(large.seconds / large.detections / (small.seconds / small.detections), 2) },
    });
  } finally {
    breakers.shutdown();
    await deleteKeysWithPrefix(redis, env.prefix);
    await closeRedis(redis);
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
