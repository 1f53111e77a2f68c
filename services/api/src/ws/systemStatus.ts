import { parseMessageData, type MessageData } from '@secpipe/core';
import type { ApiDeps } from '../deps';
import { checkSystemHealth } from '../system/health';
import { withTimeout } from '../system/withTimeout';
import type { GpuFigures } from './gpuFigures';

export type SystemStatusData = MessageData<'system_status'>;

const PART_TIMEOUT_MS = 2000;

/** Cameras online / total in one query. */
async function cameraCounts(deps: ApiDeps): Promise<{ active: number; total: number }> {
  const [row] = await deps.prisma.$queryRaw<Array<{ active: bigint; total: bigint }>>`
    SELECT count(*) FILTER (WHERE status = 'online') AS active, count(*) AS total FROM cameras`;
  return { active: Number(row?.active ?? 0), total: Number(row?.total ?? 0) };
}

type QueueDepths = SystemStatusData['queue'];
const NO_QUEUES: QueueDepths = { pending: 0, processing: 0, by_stage: {}, dead_letters: 0 };

/**
 * Jobs waiting (waiting, prioritized, delayed) and being worked on, in total and per pipeline
 * queue, and the dead letters (failed sets) of all of them.
 */
async function queueDepths(deps: ApiDeps): Promise<QueueDepths> {
  const queues = Object.entries(deps.queues);
  const counts = await Promise.all(queues.map(([, queue]) => queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed')));
  const depths: Required<QueueDepths> = { pending: 0, processing: 0, by_stage: {}, dead_letters: 0 };
  counts.forEach((count, i) => {
    const stage = { pending: (count.waiting ?? 0) + (count.prioritized ?? 0) + (count.delayed ?? 0), processing: count.active ?? 0 };
    depths.by_stage[queues[i][0]] = stage;
    depths.pending += stage.pending;
    depths.processing += stage.processing;
    depths.dead_letters += count.failed ?? 0;
  });
  return depths;
}

async function orZeros<T>(part: Promise<T>, zeros: T, what: string, deps: ApiDeps): Promise<T> {
  try {
    return await withTimeout(part, PART_TIMEOUT_MS, what);
  } catch (error) {
    // Health (in the same snapshot) says which dependency is down; the counts read as zero.
    deps.logger.debug({ err: error, part: what }, 'system status part unavailable');
    return zeros;
  }
}

/** One `system_status` snapshot (CONTRACT.md "WebSocket"), validated against the message catalog. */
export async function readSystemStatus(deps: ApiDeps, gpu: GpuFigures | null): Promise<SystemStatusData> {
  const [cameras, queue, health] = await Promise.all([
    orZeros(cameraCounts(deps), { active: 0, total: 0 }, 'cameras', deps),
    orZeros(queueDepths(deps), NO_QUEUES, 'queues', deps),
    checkSystemHealth(deps),
  ]);
  return parseMessageData('system_status', { gpu, cameras, queue, health: health.status });
}
