import type { EnrichmentData, EnrichmentJob, JobContext, MessagePublisher } from '@secpipe/core';
import { applyBaselineStep } from '../baselines/baselineStep';
import type { BaselineRecorder } from '../baselines/baselineRecorder';
import type { Batcher } from '../batching/batcher';
import type { DetectionRepository, DetectionRow } from '../detections/detectionRepository';
import type { EnrichmentStep } from '../steps/enrichmentStep';
import { ImageFrame } from '../steps/imageFrame';
import { runSteps } from '../steps/runSteps';

export interface ThumbnailMaker {
  /** Writes the image's thumbnail; the path to store per detection, or null when none was made. */
  render(frame: ImageFrame, detections: DetectionRow[], cameraId: string): Promise<Map<number, string> | null>;
}

export interface EnrichmentJobDeps {
  detections: Pick<DetectionRepository, 'loadForJob' | 'writeEnrichment' | 'transaction'>;
  baselines?: BaselineRecorder;
  steps: EnrichmentStep[];
  thumbnails?: ThumbnailMaker;
  batcher: Pick<Batcher, 'add'>;
  publisher: Pick<MessagePublisher, 'publish'>;
}

export interface EnrichmentOutcome {
  enriched: number;
  batched: number;
}

/** Filtered and stationary detections are kept and shown, but never open or extend a batch. */
const batchable = (data: EnrichmentData | undefined) => !!data && !data.filtered && !data.stationary;

/**
 * One image: load its detections, run the steps, write every detection's enrichment in one
 * statement, then batch the ones that count and announce them. A redelivered job rewrites the
 * same values and adds nothing to any batch (the batch store remembers each detection).
 */
export function createEnrichmentJobHandler(deps: EnrichmentJobDeps) {
  return async (job: EnrichmentJob, context: JobContext): Promise<EnrichmentOutcome> => {
    const rows = await deps.detections.loadForJob(job.camera_id, job.detection_ids);
    if (rows.length === 0) {
      context.logger.info({ camera_id: job.camera_id, correlation_id: job.correlation_id }, 'detections gone; nothing to enrich');
      return { enriched: 0, batched: 0 };
    }
    const first = rows[0];
    const frame = new ImageFrame(job.file_path, { width: first.image_width ?? undefined, height: first.image_height ?? undefined });
    const detectedAt = new Date(job.detected_at);
    const stepped = await runSteps(deps.steps, { cameraId: job.camera_id, detectedAt, detections: rows, frame });
    const thumbnails = await deps.thumbnails?.render(frame, rows, job.camera_id).catch((error: unknown) => {
      context.logger.warn({ err: error, camera_id: job.camera_id }, 'thumbnail failed');
      return null;
    });
    const data = await deps.detections.transaction(async (tx) => {
      const withBaselines = await applyBaselineStep(deps.baselines, tx, { cameraId: job.camera_id, detectedAt, rows, data: stepped });
      await deps.detections.writeEnrichment(rows.map((row) => ({ id: row.id, data: withBaselines.get(row.id), thumbnail_path: thumbnails?.get(row.id) ?? null })), tx);
      return withBaselines;
    });
    const candidates = rows.filter((row) => row.batch_id === null && batchable(data.get(row.id)));
    const joined = await deps.batcher.add(job.camera_id, job.correlation_id, candidates, job.video_hash);
    // Announced once: when it joins a batch, or (never batched) on its first enrichment.
    const announce = rows.filter((row) => joined.has(row.id) || (!row.enriched && !batchable(data.get(row.id))));
    await Promise.all(
      announce.map((row) =>
        deps.publisher.publish('detection.new', {
          detection_id: row.id,
          batch_id: joined.get(row.id) ?? null,
          camera_id: row.camera_id,
          label: row.object_type,
          confidence: row.confidence,
          bbox: { x: row.bbox_x, y: row.bbox_y, width: row.bbox_width, height: row.bbox_height },
          timestamp: row.detected_at.toISOString(),
        }),
      ),
    );
    context.logger.info({ camera_id: job.camera_id, detections: rows.length, batched: joined.size, correlation_id: job.correlation_id }, 'image enriched');
    return { enriched: rows.length, batched: joined.size };
  };
}
