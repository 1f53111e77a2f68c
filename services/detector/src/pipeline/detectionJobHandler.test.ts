import type { Job } from 'bullmq';
import { createLogger, type DetectionJob, type EnrichmentJob, type JobContext, type SceneCheckJob } from '@secpipe/core';
import { fakeFileHash } from '@secpipe/testing';
import type { DetectionResult } from '../inference/objectDetector';
import type { DetectedObject, DetectionPolicy } from '../policy/detectionPolicy';
import { createDetectionJobHandler } from './detectionJobHandler';
import type { DetectionStore, ImageDetections } from './detectionStore';
import { ImageVanishedError, type ImageSource } from './imageFiles';

const policy: DetectionPolicy = { classes: new Set(['person', 'car']), threshold: 0.5, classThresholds: {}, cameraThresholds: { back_yard: 0.95 } };
const found = (className: string, confidence: number): DetectedObject => ({ className, confidence, bbox: { x: 1, y: 2, width: 3, height: 4 } });

const job: DetectionJob = {
  v: 1,
  camera_id: 'front_door',
  file_path: '/data/cameras/front_door/a.jpg',
  file_hash: fakeFileHash('handler'),
  media_type: 'image',
  captured_at: '2026-11-20T12:00:00.000Z',
  received_at: '2026-11-20T12:00:01.000Z',
  correlation_id: 'corr-1',
};

function fakes(detections: DetectedObject[], images: ImageSource = { read: async () => Buffer.from('jpeg') }) {
  const saved: ImageDetections[] = [];
  const seen: Array<[string, Date]> = [];
  const enqueued: EnrichmentJob[] = [];
  const sceneChecks: SceneCheckJob[] = [];
  const store: DetectionStore = {
    saveImageDetections: async (image) => {
      saved.push(image);
      return image.detections.map((_, i) => 100 + i);
    },
    markCameraSeen: async (cameraId, at) => {
      seen.push([cameraId, at]);
    },
  };
  const result: DetectionResult = { detections, imageWidth: 640, imageHeight: 480, elapsedMs: 5, inferenceMs: 3, batchSize: 1 };
  const handler = createDetectionJobHandler({
    images,
    detector: { detect: async () => result },
    policy: () => policy,
    store,
    enrichment: { enqueue: async (payload) => (enqueued.push(payload), `enr-${payload.file_hash}`) },
    sceneChecks: { enqueue: async (payload) => (sceneChecks.push(payload), `scn-${payload.file_hash}`) },
  });
  const context = { job: { timestamp: Date.now(), processedOn: Date.now() } as Job, logger: createLogger({ service: 'test', level: 'silent' }), attempt: 1 } as JobContext;
  return { handler, context, saved, seen, enqueued, sceneChecks };
}

describe('detection job handler', () => {
  it('stores kept detections with detected_at = captured_at, then enqueues enrichment with their ids', async () => {
    const { handler, context, saved, enqueued } = fakes([found('person', 0.9), found('chair', 0.99), found('car', 0.4)]);
    const outcome = await handler(job, context);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ cameraId: 'front_door', fileHash: job.file_hash, capturedAt: new Date(job.captured_at), imageWidth: 640 });
    expect(saved[0].detections).toEqual([found('person', 0.9)]);
    expect(enqueued).toEqual([
      {
        v: 1,
        camera_id: 'front_door',
        file_path: job.file_path,
        file_hash: job.file_hash,
        detection_ids: [100],
        detected_at: job.captured_at,
        received_at: job.received_at,
        correlation_id: 'corr-1',
      },
    ]);
    expect(outcome).toEqual({ detection_ids: [100], enrichment_job_id: `enr-${job.file_hash}` });
  });

  it('ends the pipeline when nothing is kept: no rows, no enrichment, camera still seen, view still checked', async () => {
    const { handler, context, saved, seen, enqueued, sceneChecks } = fakes([found('person', 0.9)]);
    const outcome = await handler({ ...job, camera_id: 'back_yard' }, context);
    expect(outcome).toEqual({ detection_ids: [], enrichment_job_id: null });
    expect(saved).toEqual([]);
    expect(enqueued).toEqual([]);
    expect(seen).toEqual([['back_yard', new Date(job.captured_at)]]);
    expect(sceneChecks).toEqual([{ v: 1, camera_id: 'back_yard', file_path: job.file_path, file_hash: job.file_hash, captured_at: job.captured_at, correlation_id: 'corr-1' }]);
  });

  it('hands an image with detections to the scene check too, after enrichment', async () => {
    const { handler, context, sceneChecks } = fakes([found('person', 0.9)]);
    await handler(job, context);
    expect(sceneChecks.map((check) => [check.camera_id, check.file_hash])).toEqual([['front_door', job.file_hash]]);
  });

  it('lets a vanished image fail permanently', async () => {
    const missing: ImageSource = {
      read: async (path) => {
        throw new ImageVanishedError(path, Object.assign(new Error('gone'), { code: 'ENOENT' }));
      },
    };
    const { handler, context, enqueued } = fakes([found('person', 0.9)], missing);
    await expect(handler(job, context)).rejects.toMatchObject({ name: 'ImageVanishedError', reason: 'image_missing' });
    expect(enqueued).toEqual([]);
  });
});
