import type { ConnectionOptions, Queue } from 'bullmq';
import { openQueue, queueCatalog, type QueueName } from '@secpipe/core';
import { waitFor } from '@secpipe/testing';
import type { FleetMember } from '../e2e/fleet';
import type { ServiceName } from '../e2e/support';

/** The queues whose jobs a service holds while it works them (ingest and the API hold none). */
const CONSUMES: Record<ServiceName, QueueName[]> = {
  ingest: [],
  detector: ['detection'],
  enrichment: ['enrichment'],
  analyzer: ['analysis', 'notification'],
  api: [],
};

export interface KillOutcome {
  service: ServiceName;
  /** Jobs in `active` when the process died: the ones only the stalled check can give back. */
  heldJobs: number;
  /** From the kill to the restarted service's ready log ('worker started' for a queue worker). */
  restartMs: number;
  /** From the kill to the last held job completed (null: the service held none). */
  recoveryMs: number | null;
}

interface QueueAccess {
  connection: ConnectionOptions;
  prefix: string;
}

async function activeJobIds(queues: Queue[]): Promise<Array<{ queue: Queue; id: string }>> {
  const held = await Promise.all(queues.map(async (queue) => (await queue.getActive()).map((job) => ({ queue, id: String(job.id) }))));
  return held.flat();
}

/** Waits for each held job to complete; returns its completion time (the worker's clock, this machine). */
async function completedAt(queue: Queue, id: string, timeoutMs: number): Promise<number> {
  return waitFor(
    async () => {
      const job = await queue.getJob(id);
      if (job?.failedReason) throw new Error(`${queue.name} job ${id} failed after the kill: ${job.failedReason}`);
      return job?.finishedOn ?? false;
    },
    { what: `${queue.name} job ${id} held by the killed worker to complete`, timeoutMs, intervalMs: 100 },
  );
}

/**
 * SIGKILLs a service while it works (waiting until one of its queues has an active job, for a
 * service that consumes one), reads the job ids it held from BullMQ, starts it again, and
 * resolves once those jobs completed, with the times from the kill.
 */
export async function killMidFlow(member: FleetMember, access: QueueAccess, recoveryTimeoutMs = 60_000): Promise<KillOutcome> {
  const queues = CONSUMES[member.name].map((name) => openQueue(queueCatalog[name], access));
  try {
    if (queues.length > 0) {
      await waitFor(async () => (await Promise.all(queues.map((queue) => queue.getActiveCount()))).some((count) => count > 0), {
        what: `${member.name} to be working a job`,
        timeoutMs: 30_000,
        intervalMs: 5,
      });
    }
    await member.kill();
    const killedAt = Date.now();
    // The process is gone: what is still active now is exactly what it held.
    const held = await activeJobIds(queues);
    await member.restart();
    // A worker service logs 'service started' before its setup; it takes jobs once its worker runs.
    if (queues.length > 0) await member.process.waitForLog('worker started', 60_000);
    const restartMs = Date.now() - killedAt;
    const finished = await Promise.all(held.map(({ queue, id }) => completedAt(queue, id, recoveryTimeoutMs)));
    return { service: member.name, heldJobs: held.length, restartMs, recoveryMs: held.length > 0 ? Math.max(...finished) - killedAt : null };
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
}

export function describeKill(outcome: KillOutcome): string {
  const recovery = outcome.recoveryMs === null ? 'held no jobs' : `${outcome.heldJobs} held jobs redone ${(outcome.recoveryMs / 1000).toFixed(1)} s after the kill`;
  return `${outcome.service} killed: back in ${(outcome.restartMs / 1000).toFixed(1)} s, ${recovery}`;
}
