import { randomBytes } from 'node:crypto';
import type { RuntimeConfig } from '@secpipe/core';
import type { BatchLimits } from './batchStore';

/** How detections are grouped: from the runtime settings (PATCH /api/system/config). */
export interface BatchPolicy {
  limits: BatchLimits;
  fastPathTypes: ReadonlySet<string>;
  fastPathThreshold: number;
}

export function batchPolicyFrom(config: RuntimeConfig): BatchPolicy {
  return {
    limits: {
      windowMs: config.batch_window_seconds * 1000,
      idleMs: config.batch_idle_timeout_seconds * 1000,
      maxDetections: config.batch_max_detections,
    },
    fastPathTypes: new Set(config.fast_path_object_types),
    fastPathThreshold: config.fast_path_confidence_threshold,
  };
}

export function isFastPath(policy: BatchPolicy, detection: { object_type: string; confidence: number }): boolean {
  return policy.fastPathTypes.has(detection.object_type) && detection.confidence >= policy.fastPathThreshold;
}

/**
 * A batch id, fixed when the batch opens: the camera (shortened so the id stays within the
 * analysis payload's 100 characters), then time and randomness, unique across replicas.
 */
export function newBatchId(cameraId: string, kind = ''): string {
  const stem = kind ? `${kind}_${cameraId.slice(0, 50)}` : cameraId.slice(0, 60);
  return `${stem}_${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;
}

export const fastPathBatchId = (detectionId: number): string => `fast_path_${detectionId}`;
