import { auditAfterChange, entryForDlqName, requeueOldestDeadLetter, type AuditWriter, type PrismaClient, type QueueName } from '@secpipe/core';
import type { Job, Queue } from 'bullmq';

/** A requeue-all call moves at most this many jobs; a larger backlog takes repeated calls. */
export const REQUEUE_ALL_LIMIT = 10_000;

/** Bounds one Redis call (the API answers 503 when Redis cannot); by default calls run as they are. */
export type RedisGuard = <T>(operation: Promise<T>, what: string) => Promise<T>;

const NOTHING_TO_REQUEUE = { status: 'failure' as const, details: { reason: 'No jobs to requeue' } };

/**
 * Operator actions on the dead letters (the queues' BullMQ failed sets): requeue the oldest,
 * requeue all, clear. The queues live in Redis, so each audit row follows the action.
 */
export class DeadLetterService {
  constructor(
    private readonly queues: Record<QueueName, Queue>,
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
    private readonly guard: RedisGuard = (operation) => operation,
  ) {}

  /** `dlqName` is the bare name (`detection_queue`), already validated against the catalog. */
  private queueFor(dlqName: string): Queue {
    return this.queues[entryForDlqName(dlqName)!.name as QueueName];
  }

  private entry(action: string, dlqName: string) {
    return { action, resource_type: 'dead_letter_queue', resource_id: `dlq:${dlqName}` };
  }

  requeueOldest(dlqName: string): Promise<Job | null> {
    return auditAfterChange(this.prisma, this.audit, this.entry('dlq.requeue', dlqName), () => this.guard(requeueOldestDeadLetter(this.queueFor(dlqName)), 'Requeueing'), (job) =>
      job ? { status: 'success', details: { job_id: job.id ?? null } } : NOTHING_TO_REQUEUE,
    );
  }

  async requeueAll(dlqName: string): Promise<number> {
    const queue = this.queueFor(dlqName);
    const requeueAll = async () => {
      let requeued = 0;
      while (requeued < REQUEUE_ALL_LIMIT && (await this.guard(requeueOldestDeadLetter(queue), 'Requeueing'))) requeued += 1;
      return requeued;
    };
    return auditAfterChange(this.prisma, this.audit, this.entry('dlq.requeue_all', dlqName), requeueAll, (requeued) =>
      requeued > 0 ? { status: 'success', details: { requeued_count: requeued } } : NOTHING_TO_REQUEUE,
    );
  }

  /** Removes every dead letter of the queue; answers how many were removed. */
  clear(dlqName: string): Promise<number> {
    const clear = async () => (await this.guard(this.queueFor(dlqName).clean(0, 0, 'failed'), 'Clearing dead letters')).length;
    return auditAfterChange(this.prisma, this.audit, this.entry('dlq.clear', dlqName), clear, (cleared) => ({ status: 'success', details: { cleared_count: cleared } }));
  }
}
