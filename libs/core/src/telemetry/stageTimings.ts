import type { Redis } from 'ioredis';
import { redisKey } from '../db/redisKeys';

/** Pipeline stages whose durations the services record. `total` is upload to event. */
export const PIPELINE_STAGES = ['watch', 'detect', 'enrich', 'batch', 'analyze', 'total'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Samples kept per stage: enough for a stable p99, small enough to read on every request. */
export const DEFAULT_SAMPLES_PER_STAGE = 1000;

export function stageTimingsKey(prefix: string, stage: PipelineStage): string {
  return redisKey(prefix, 'telemetry', 'latency', stage);
}

export interface StageLatency {
  avg_ms: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  sample_count: number;
}

export interface StageTimingRecorder {
  /** Records one duration; never throws (telemetry must not fail a job). */
  record(stage: PipelineStage, durationMs: number): Promise<void>;
}

/**
 * Keeps the newest N durations per stage in a capped Redis list (LPUSH + LTRIM in one MULTI):
 * memory stays bounded however many jobs run, and nothing is written to PostgreSQL per job.
 */
export function createStageTimingRecorder(redis: Redis, prefix: string, samplesPerStage = DEFAULT_SAMPLES_PER_STAGE): StageTimingRecorder {
  return {
    async record(stage, durationMs) {
      if (!Number.isFinite(durationMs) || durationMs < 0) return;
      const key = stageTimingsKey(prefix, stage);
      try {
        await redis
          .multi()
          .lpush(key, Math.round(durationMs * 1000) / 1000)
          .ltrim(key, 0, samplesPerStage - 1)
          .exec();
      } catch {
        // Redis down: this sample is lost, the job is not.
      }
    },
  };
}

/** Nearest-rank percentile over sorted samples. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summariseLatencies(samples: number[]): StageLatency {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
  const avg = sorted.length === 0 ? null : sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    avg_ms: round(avg),
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    sample_count: sorted.length,
  };
}

/** Latency percentiles per stage from the recorded samples (one pipelined round trip). */
export async function readStageLatencies(redis: Redis, prefix: string): Promise<Record<PipelineStage, StageLatency>> {
  const pipeline = redis.pipeline();
  for (const stage of PIPELINE_STAGES) pipeline.lrange(stageTimingsKey(prefix, stage), 0, -1);
  const results = (await pipeline.exec()) ?? [];
  const entries = PIPELINE_STAGES.map((stage, i) => {
    const [error, values] = results[i] ?? [null, []];
    if (error) throw error;
    const samples = (values as string[]).map(Number).filter(Number.isFinite);
    return [stage, summariseLatencies(samples)] as const;
  });
  return Object.fromEntries(entries) as Record<PipelineStage, StageLatency>;
}
