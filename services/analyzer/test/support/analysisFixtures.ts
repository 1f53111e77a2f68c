import { createLogger, type AnalysisJob, type JobContext, type Logger, type PrismaClient } from '@secpipe/core';
import { cameraFactory, detectionFactory, fakeFileHash } from '@secpipe/testing';
import type { Job } from 'bullmq';
import { enrichmentFor, type DetectionSpec } from './batchBuilder';

export const silentLogger = (): Logger => createLogger({ service: 'analyzer-test', level: 'silent' });

let batchSequence = 0;

/** Inserts a camera (once) and a batch's detections; returns the analysis job for them. */
export async function seedBatch(prisma: PrismaClient, start: Date, specs: DetectionSpec[], cameraId = 'front_door'): Promise<AnalysisJob> {
  if (!(await prisma.camera.findUnique({ where: { id: cameraId } }))) {
    await cameraFactory.create(prisma, { id: cameraId, name: cameraId === 'front_door' ? 'Front Door' : cameraId, folder_path: `/data/cameras/${cameraId}` });
  }
  batchSequence += 1;
  const ids: number[] = [];
  for (const [i, spec] of specs.entries()) {
    const row = await detectionFactory.create(prisma, {
      camera_id: cameraId,
      object_type: spec.cls,
      confidence: spec.confidence ?? 0.9,
      detected_at: new Date(start.getTime() + (spec.t ?? 0) * 1000),
      file_hash: fakeFileHash(`${cameraId}-${batchSequence}-${i}`),
      enrichment_data: enrichmentFor(spec),
    });
    ids.push(row.id);
  }
  const last = new Date(start.getTime() + Math.max(...specs.map((s) => s.t ?? 0)) * 1000);
  return {
    v: 1,
    batch_id: `batch-${cameraId}-${batchSequence}-${process.pid}`,
    camera_id: cameraId,
    detection_ids: ids,
    started_at: start.toISOString(),
    closed_at: last.toISOString(),
    close_reason: 'idle',
    is_fast_path: false,
    correlation_id: `corr-${batchSequence}`,
  };
}

/** A job context for calling a handler directly (as a redelivery would). */
export function jobContext(timestamp = Date.now()): JobContext {
  return { job: { timestamp, id: 'test-job', attemptsMade: 0 } as unknown as Job, logger: silentLogger(), attempt: 1 };
}
