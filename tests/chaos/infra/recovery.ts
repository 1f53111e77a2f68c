import { openQueue, QUEUE_NAMES, queueCatalog } from '@secpipe/core';
import { waitFor } from '@secpipe/testing';
import type { ChaosFleet } from './chaosFleet';

const WORKERS = ['ingest', 'detector', 'enrichment', 'analyzer'] as const;

interface Health {
  status: string;
  services: Record<string, { status: string }>;
}

/**
 * Milliseconds from `since` (a restart, just now) until the pipeline stores a new detection: the
 * count is read first, so the time is from the restart to the first detection after that read.
 */
export async function msUntilNewDetection(chaos: ChaosFleet, since: number): Promise<number> {
  const before = await chaos.prisma.detection.count();
  await waitFor(async () => (await chaos.prisma.detection.count()) > before, { what: 'a detection after the restart', timeoutMs: 120_000, intervalMs: 100 });
  return Date.now() - since;
}

/** Waits until /api/system/health shows every worker (fresh heartbeat) and the stores healthy. */
export async function waitForHealthyFleet(chaos: ChaosFleet): Promise<Health> {
  return waitFor(
    async () => {
      const health = (await (await fetch(`${chaos.fleet.api}/api/system/health`)).json()) as Health;
      const up = ['database', 'redis', ...WORKERS].every((name) => health.services[name]?.status === 'healthy');
      return up && health;
    },
    { what: 'every worker and store healthy in /api/system/health', timeoutMs: 60_000, intervalMs: 500 },
  );
}

/** Per queue, completed jobs that needed more than one attempt (they failed and were retried). */
export async function retriedJobs(chaos: ChaosFleet): Promise<Record<string, number>> {
  const retried: Record<string, number> = {};
  for (const name of QUEUE_NAMES) {
    const queue = openQueue(queueCatalog[name], { connection: chaos.connection, prefix: chaos.prefix });
    try {
      const jobs = await queue.getJobs(['completed'], 0, 10_000);
      retried[name] = jobs.filter((job) => job && job.attemptsMade > 1).length;
    } finally {
      await queue.close();
    }
  }
  return retried;
}
