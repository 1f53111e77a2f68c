/** @jest-environment ./test/support/nativeArraysEnvironment.ts */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Job, Worker } from 'bullmq';
import { createQueueWorker, listDeadLetters, queueCatalog, QueueProducer, type DetectionJob, type EnrichmentJob, type QueueEntry } from '@secpipe/core';
import { cameraFactory, defaultShapes, fakeFileHash, renderShapeImage, useIntegrationContext } from '@secpipe/testing';
import type { ObjectDetector } from '../src/inference/objectDetector';
import { createDetectionJobHandler } from '../src/pipeline/detectionJobHandler';
import { PrismaDetectionStore } from '../src/pipeline/detectionStore';
import { fileImageSource } from '../src/pipeline/imageFiles';
import type { DetectionPolicy } from '../src/policy/detectionPolicy';
import { fixtureDetector, silentLogger, snapFor, tempDir } from './support/fixtureDetector';

const ctx = useIntegrationContext('detector-worker');
const temp = tempDir('worker');
const policy: DetectionPolicy = { classes: new Set(['person', 'car', 'dog']), threshold: 0.5, classThresholds: {}, cameraThresholds: {} };
// Retries in tests wait milliseconds, not the production backoff.
const FAST_RETRY = { backoff: { type: 'fixed', delay: 10 } };

let detector: ObjectDetector;
let detections: QueueProducer<typeof queueCatalog.detection.schema>;
let enrichment: QueueProducer<typeof queueCatalog.enrichment.schema>;
let sceneChecks: QueueProducer<typeof queueCatalog.scene_check.schema>;
let worker: Worker;
/** Test switches: make the model fail, or "crash" once between the commit and the enqueue. */
const faults = { modelFails: false, crashBeforeEnqueue: 0 };

beforeAll(async () => {
  detector = await fixtureDetector(temp.dir, { family: 'detr', width: 320, height: 320 }, { maxBatch: 4, maxWaitMs: 5 });
  const queues = { connection: ctx.connection, prefix: ctx.prefix };
  detections = QueueProducer.open(queueCatalog.detection, queues);
  enrichment = QueueProducer.open(queueCatalog.enrichment, queues);
  sceneChecks = QueueProducer.open(queueCatalog.scene_check, queues);
  const handler = createDetectionJobHandler({
    images: fileImageSource,
    detector: {
      detect: async (bytes) => {
        if (faults.modelFails) throw new Error('onnxruntime run failed');
        return detector.detect(bytes);
      },
    },
    policy: () => policy,
    store: new PrismaDetectionStore(ctx.prisma),
    enrichment: {
      enqueue: async (payload: EnrichmentJob) => {
        if (faults.crashBeforeEnqueue > 0) {
          faults.crashBeforeEnqueue -= 1;
          throw new Error('worker process died after the commit');
        }
        return enrichment.enqueue(payload);
      },
    },
    sceneChecks,
  });
  worker = createQueueWorker(queueCatalog.detection, handler, { ...queues, logger: silentLogger(), concurrency: 4 });
  await cameraFactory.create(ctx.prisma, { id: 'front_door', name: 'Front Door', folder_path: '/data/cameras/front_door', last_seen_at: null });
});

afterAll(async () => {
  await worker?.close();
  await Promise.all([detections?.close(), enrichment?.close(), sceneChecks?.close()]);
  await detector?.close();
  temp.remove();
});

/** Resolves when the job has finished for good: completed, or failed with no retry left. */
function settled(jobId: string): Promise<'completed' | 'failed'> {
  return new Promise((resolve) => {
    const onCompleted = (job: Job) => job.id === jobId && done('completed');
    const onFailed = (job: Job | undefined) => {
      if (job?.id !== jobId) return;
      void detections.queue.getJobState(jobId).then((state) => state === 'failed' && done('failed'));
    };
    const done = (state: 'completed' | 'failed') => {
      worker.off('completed', onCompleted);
      worker.off('failed', onFailed);
      resolve(state);
    };
    worker.on('completed', onCompleted);
    worker.on('failed', onFailed);
  });
}

const deadLetters = () => listDeadLetters(queueCatalog.detection as unknown as QueueEntry, detections.queue);

let imageCount = 0;
async function upload(bytes?: Buffer, shapes = true): Promise<DetectionJob> {
  imageCount += 1;
  const file = path.join(temp.dir, `snap_${imageCount}.jpg`);
  const [w, h] = [960, 540];
  const image = await renderShapeImage({ width: w, height: h, seed: imageCount, shapes: shapes ? defaultShapes(w, h, snapFor(w, h, 320, 'stretch')) : [] });
  writeFileSync(file, bytes ?? image.bytes);
  return {
    v: 1,
    camera_id: 'front_door',
    file_path: file,
    file_hash: fakeFileHash(`worker-${imageCount}-${Date.now()}`),
    media_type: 'image',
    captured_at: new Date(Date.UTC(2026, 10, 20, 12, 0, imageCount)).toISOString(),
    received_at: new Date(Date.UTC(2026, 10, 20, 12, 0, imageCount, 500)).toISOString(),
    correlation_id: `corr-${imageCount}`,
  };
}

async function process(job: DetectionJob): Promise<'completed' | 'failed'> {
  const jobId = queueCatalog.detection.jobId(job);
  const outcome = settled(jobId);
  await detections.enqueue(job, FAST_RETRY);
  return outcome;
}

describe('detection worker', () => {
  it('stores one row per kept box, moves last_seen_at, and enqueues one enrichment job', async () => {
    const job = await upload();
    expect(await process(job)).toBe('completed');
    const rows = await ctx.prisma.detection.findMany({ where: { file_hash: job.file_hash }, orderBy: { box_index: 'asc' } });
    expect(rows.map((r) => [r.box_index, r.object_type])).toEqual([
      [0, 'person'],
      [1, 'car'],
      [2, 'dog'],
    ]);
    const truth = defaultShapes(960, 540, snapFor(960, 540, 320, 'stretch'));
    expect(rows.map((r) => [r.bbox_x, r.bbox_y, r.bbox_width, r.bbox_height])).toEqual(truth.map((s) => [s.x, s.y, s.width, s.height]));
    expect(rows[0]).toMatchObject({ camera_id: 'front_door', detected_at: new Date(job.captured_at), image_width: 960, image_height: 540, file_type: 'jpg' });
    const camera = await ctx.prisma.camera.findUniqueOrThrow({ where: { id: 'front_door' } });
    expect(camera.last_seen_at).toEqual(new Date(job.captured_at));
    const next = await enrichment.queue.getJob(`enr-front_door-${job.file_hash}`);
    expect(next?.data).toEqual({
      v: 1,
      camera_id: 'front_door',
      file_path: job.file_path,
      file_hash: job.file_hash,
      detection_ids: rows.map((r) => r.id),
      detected_at: job.captured_at,
      received_at: job.received_at,
      correlation_id: job.correlation_id,
    });
  });

  it('creates no duplicates when a job is redelivered after a crash, or delivered twice', async () => {
    const job = await upload();
    faults.crashBeforeEnqueue = 1;
    expect(await process(job)).toBe('completed');
    const first = await ctx.prisma.detection.findMany({ where: { file_hash: job.file_hash }, orderBy: { id: 'asc' } });
    expect(first).toHaveLength(3);
    expect((await detections.queue.getJob(queueCatalog.detection.jobId(job)))?.attemptsMade).toBe(2);
    // A second delivery of the same upload (the completed job removed first, as retention would).
    await detections.queue.remove(queueCatalog.detection.jobId(job));
    expect(await process(job)).toBe('completed');
    const again = await ctx.prisma.detection.findMany({ where: { file_hash: job.file_hash }, orderBy: { id: 'asc' } });
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    const enrichmentJobs = (await enrichment.queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).filter((j) => j.data.file_hash === job.file_hash);
    expect(enrichmentJobs).toHaveLength(1);
    expect(enrichmentJobs[0].data.detection_ids).toEqual(first.map((r) => r.id));
  });

  it('stores identical bytes from two cameras as two cameras\' detections', async () => {
    await cameraFactory.create(ctx.prisma, { id: 'back_yard', name: 'Back Yard', folder_path: '/data/cameras/back_yard' });
    const job = await upload();
    const twin: DetectionJob = { ...job, camera_id: 'back_yard' };
    expect(await process(job)).toBe('completed');
    expect(await process(twin)).toBe('completed');
    const rows = await ctx.prisma.detection.findMany({ where: { file_hash: job.file_hash }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.camera_id)).toEqual(['front_door', 'front_door', 'front_door', 'back_yard', 'back_yard', 'back_yard']);
    const ids = (camera: string) => rows.filter((r) => r.camera_id === camera).map((r) => r.id);
    expect((await enrichment.queue.getJob(`enr-front_door-${job.file_hash}`))?.data.detection_ids).toEqual(ids('front_door'));
    expect((await enrichment.queue.getJob(`enr-back_yard-${job.file_hash}`))?.data.detection_ids).toEqual(ids('back_yard'));
  });

  it('ends the pipeline for an image with no kept box, but still queues its scene check', async () => {
    const job = await upload(undefined, false);
    expect(await process(job)).toBe('completed');
    expect(await ctx.prisma.detection.count({ where: { file_hash: job.file_hash } })).toBe(0);
    expect(await enrichment.queue.getJob(`enr-front_door-${job.file_hash}`)).toBeUndefined();
    expect((await sceneChecks.queue.getJob(`scn-front_door-${job.file_hash}`))?.data).toMatchObject({ camera_id: 'front_door', file_path: job.file_path, captured_at: job.captured_at });
  });

  it('dead-letters a corrupt image at once, with the reason', async () => {
    const job = await upload(Buffer.from('this is not a jpeg, it is a text file'));
    expect(await process(job)).toBe('failed');
    const letter = (await deadLetters()).find((d) => d.job_id === queueCatalog.detection.jobId(job));
    expect(letter).toMatchObject({ original_job: job, error_type: 'unreadable_image', attempt_count: 1, error: expect.stringMatching(/^image is unreadable: /) });
  });

  it('dead-letters a vanished image at once', async () => {
    const job = { ...(await upload()), file_path: path.join(temp.dir, 'deleted-before-detection.jpg') };
    expect(await process(job)).toBe('failed');
    const letter = (await deadLetters()).find((d) => d.job_id === queueCatalog.detection.jobId(job));
    expect(letter).toMatchObject({ error_type: 'image_missing', attempt_count: 1 });
  });

  it('retries inference errors, then dead-letters them with the original payload', async () => {
    const job = await upload();
    faults.modelFails = true;
    try {
      expect(await process(job)).toBe('failed');
    } finally {
      faults.modelFails = false;
    }
    const letter = (await deadLetters()).find((d) => d.job_id === queueCatalog.detection.jobId(job));
    expect(letter).toMatchObject({ original_job: job, error: 'onnxruntime run failed', attempt_count: queueCatalog.detection.defaultJobOptions.attempts });
    expect(await ctx.prisma.detection.count({ where: { file_hash: job.file_hash } })).toBe(0);
  });
});
