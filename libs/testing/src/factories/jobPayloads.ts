import type { DetectionJob } from '@secpipe/core';

/**
 * The n-th detection job of a test: a distinct hash per n, so BullMQ never folds two of them into
 * one job id, and the same payload for the same n.
 */
export function detectionJobPayload(n: number, overrides: Partial<DetectionJob> = {}): DetectionJob {
  return {
    v: 1,
    camera_id: 'front_door',
    file_path: `/data/cameras/front_door/${n}.jpg`,
    file_hash: n.toString(16).padStart(64, '0'),
    media_type: 'image',
    captured_at: '2026-11-25T10:00:00.000Z',
    received_at: '2026-11-25T10:00:00.050Z',
    correlation_id: `corr-${n}`,
    ...overrides,
  };
}
