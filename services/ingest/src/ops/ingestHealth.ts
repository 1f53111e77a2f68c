import type { HeartbeatStatus } from '@secpipe/core';

/** What the ingest pipeline knows about itself, gathered for its heartbeat. */
export interface IngestHealthFacts {
  /** Why CAMERA_ROOT is not watched; undefined while it is. */
  watchFailure: string | undefined;
  /** Why clips cannot be probed or split (ffmpeg/ffprobe do not run); undefined when they can. */
  videoFailure?: string;
  following: number;
  parked: number;
  /** What the last failed delivery could not reach, while uploads are parked. */
  parkedBecause: 'postgres' | 'redis' | 'unknown' | undefined;
}

const REASONS = {
  postgres: 'PostgreSQL unavailable',
  redis: 'Redis unavailable',
  unknown: 'delivery failing',
} as const;

/**
 * The heartbeat status of ingest: unhealthy while CAMERA_ROOT is not watched (new uploads are
 * not seen at all), degraded while uploads wait parked for PostgreSQL or Redis (seen, not yet
 * enqueued; delivered when both answer) or while clips cannot be handled (ffmpeg does not run;
 * snapshots still flow), healthy otherwise.
 */
export function ingestHealth(facts: IngestHealthFacts): Omit<HeartbeatStatus, 'breakers'> {
  const { following, parked } = facts;
  const reason = facts.parkedBecause ? REASONS[facts.parkedBecause] : undefined;
  const details = {
    following,
    parked,
    ...(reason ? { parked_reason: reason } : {}),
    ...(facts.watchFailure ? { watch_failure: facts.watchFailure } : {}),
    ...(facts.videoFailure ? { video_failure: facts.videoFailure } : {}),
  };
  if (facts.watchFailure) return { status: 'unhealthy', message: `Camera folders not watched: ${facts.watchFailure}`, details };
  if (parked > 0) return { status: 'degraded', message: `${parked} upload${parked === 1 ? '' : 's'} parked: ${reason ?? REASONS.unknown}`, details };
  if (facts.videoFailure) return { status: 'degraded', message: `Video uploads cannot be processed: ${facts.videoFailure}`, details };
  return { status: 'healthy', details };
}
