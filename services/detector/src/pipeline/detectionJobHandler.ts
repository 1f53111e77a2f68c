import type { DetectionJob, EnrichmentJob, JobContext, SceneCheckJob, StageTimingRecorder } from '@secpipe/core';
import type { DetectionResult } from '../inference/objectDetector';
import { keepDetections, type DetectionPolicy } from '../policy/detectionPolicy';
import type { DetectionStore } from './detectionStore';
import type { ImageSource } from './imageFiles';

export interface DetectionJobDeps {
  images: ImageSource;
  detector: { detect(bytes: Uint8Array): Promise<DetectionResult> };
  policy: () => DetectionPolicy;
  store: DetectionStore;
  enrichment: { enqueue(payload: EnrichmentJob): Promise<string> };
  /** Every image, with or without detections, is compared against its camera's view (enrichment's scene worker). */
  sceneChecks: { enqueue(payload: SceneCheckJob): Promise<string> };
  metrics?: { queueWaited(ms: number): void; imageProcessed(classes: string[]): void };
  /** The `detect` stage: from the job's enqueue to its detections committed and handed on. */
  timings?: StageTimingRecorder;
}

export interface DetectionJobOutcome {
  detection_ids: number[];
  enrichment_job_id: string | null;
}

/**
 * One uploaded image (a snapshot, or a frame ingest took from a clip): read it, detect, keep what
 * matters for this camera, store the detections, then (after the commit) hand the image to the
 * scene check and, with detections, to enrichment. An image with nothing worth keeping ends the
 * detection pipeline here. Unreadable or vanished images fail permanently (see ImageSource and
 * UnreadableImageError); anything else is retried by the worker policy.
 */
export function createDetectionJobHandler(deps: DetectionJobDeps) {
  return async (job: DetectionJob, context: JobContext): Promise<DetectionJobOutcome> => {
    const startedAt = context.job.processedOn ?? Date.now();
    deps.metrics?.queueWaited(startedAt - context.job.timestamp);
    const bytes = await deps.images.read(job.file_path);
    const result = await deps.detector.detect(bytes);
    const kept = keepDetections(result.detections, deps.policy(), job.camera_id);
    const capturedAt = new Date(job.captured_at);
    deps.metrics?.imageProcessed(kept.map((d) => d.className));
    context.logger.info({ camera_id: job.camera_id, found: result.detections.length, kept: kept.length, batch_size: result.batchSize }, 'image detected');
    const stageDone = () => void deps.timings?.record('detect', Date.now() - context.job.timestamp);
    const sceneCheck = () => deps.sceneChecks.enqueue({ v: 1, camera_id: job.camera_id, file_path: job.file_path, file_hash: job.file_hash, captured_at: job.captured_at, correlation_id: job.correlation_id });
    if (kept.length === 0) {
      await deps.store.markCameraSeen(job.camera_id, capturedAt);
      await sceneCheck();
      stageDone();
      return { detection_ids: [], enrichment_job_id: null };
    }
    const ids = await deps.store.saveImageDetections({
      cameraId: job.camera_id,
      filePath: job.file_path,
      fileHash: job.file_hash,
      capturedAt,
      imageWidth: result.imageWidth,
      imageHeight: result.imageHeight,
      detections: kept,
      video: job.video,
    });
    const enrichmentJobId = await deps.enrichment.enqueue({
      v: 1,
      camera_id: job.camera_id,
      file_path: job.file_path,
      file_hash: job.file_hash,
      detection_ids: ids,
      detected_at: job.captured_at,
      received_at: job.received_at,
      ...(job.video ? { video_hash: job.video.video_hash } : {}),
      correlation_id: job.correlation_id,
    });
    await sceneCheck();
    stageDone();
    return { detection_ids: ids, enrichment_job_id: enrichmentJobId };
  };
}
