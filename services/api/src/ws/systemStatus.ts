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

/** Jobs waiting (waiting, prioritized, delayed) and being worked on, over every pipeline queue. */
async function queueDepths(deps: ApiDeps): Promise<{ pending: number; processing: number }> {
  const counts = await Promise.all(Object.values(deps.queues).map((queue) => queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active')));
  let pending = 0;
  let processing = 0;
  for (const count of counts) {
    pending += (count.waiting ?? 0) + (count.prioritized ?? 0) + (count.delayed ?? 0);
    processing += count.active ?? 0;
  }
  return { pending, processing };
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
    orZeros(queueDepths(deps), { pending: 0, processing: 0 }, 'queues', deps),
    checkSystemHealth(deps),
  ]);
  return parseMessageData('system_status', { gpu, cameras, queue, health: health.status });
}
