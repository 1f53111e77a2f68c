import { QUEUE_NAMES, queueCatalog, readStageLatencies, type PipelineStage, type StageLatency } from '@secpipe/core';
import type { ApiDeps } from '../deps';

const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;

export interface QueueCounts {
  waiting: number;
  prioritized: number;
  delayed: number;
  active: number;
  failed: number;
}

export interface Telemetry {
  /** Jobs not yet started, per queue (waiting + prioritized + delayed). */
  queues: Record<string, number>;
  queue_details: Record<string, QueueCounts>;
  latencies: Record<PipelineStage, StageLatency>;
  timestamp: string;
}

/** Queue depths from BullMQ and per-stage latency percentiles from the recorded samples. */
export async function readTelemetry(deps: ApiDeps): Promise<Telemetry> {
  const [counts, latencies] = await Promise.all([
      Promise.all(QUEUE_NAMES.map((name) => deps.queues[name].getJobCounts(...STATES) as Promise<Record<string, number>>)),
    readStageLatencies(deps.redis, deps.config.QUEUE_PREFIX),
  ]);
  const queues: Record<string, number> = {};
  const details: Record<string, QueueCounts> = {};
  QUEUE_NAMES.forEach((name, i) => {
    const { dlqName } = queueCatalog[name];
    const c = counts[i];
    const detail = Object.fromEntries(STATES.map((state) => [state, c[state] ?? 0])) as unknown as QueueCounts;
    details[dlqName] = detail;
    queues[dlqName] = detail.waiting + detail.prioritized + detail.delayed;
  });
  return { queues, queue_details: details, latencies, timestamp: deps.now().toISOString() };
}
