import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { z } from 'zod';
import type { Logger } from '../logging/logger';
import { classifyError, errorMessage, PermanentError } from '../resilience/errors';
import type { QueueEntry } from './catalog';
import { validatePayload } from './validatePayload';

export interface JobContext {
  job: Job;
  logger: Logger;
  /** 1 for the first try. */
  attempt: number;
}

export type JobHandler<S extends z.ZodType, R = unknown> = (payload: z.output<S>, context: JobContext) => Promise<R>;

export interface WorkerSettings {
  connection: ConnectionOptions;
  prefix: string;
  logger: Logger;
  concurrency?: number;
  /** Start without taking jobs (tests, or a service that waits for its model to warm up). */
  autorun?: boolean;
}

/** One entry in a job's BullMQ log per failed attempt; the dead-letter view reads them back. */
export interface FailureRecord {
  attempt: number;
  failed_at: string;
  error: string;
  error_type: string;
  kind: 'transient' | 'permanent';
}

function errorType(error: unknown): string {
  if (error instanceof PermanentError) return error.reason;
  if (error instanceof Error) return error.name;
  return 'Error';
}

async function recordFailure(job: Job, error: unknown, kind: FailureRecord['kind']): Promise<void> {
  const record: FailureRecord = {
    attempt: job.attemptsMade + 1,
    failed_at: new Date().toISOString(),
    error: errorMessage(error),
    error_type: errorType(error),
    kind,
  };
  await job.log(JSON.stringify(record));
}

/** Permanent failures skip the remaining attempts but keep their message and stack. */
function unrecoverable(error: unknown): UnrecoverableError {
  const wrapped = new UnrecoverableError(errorMessage(error));
  if (error instanceof Error && error.stack) wrapped.stack = error.stack;
  return wrapped;
}

/**
 * A BullMQ worker for one catalog queue with the retry/dead-letter policy applied:
 * the payload is validated again on dequeue with unknown keys dropped (a newer producer's
 * optional field passes; malformed -> failed at once, no retry),
 * permanent errors fail at once, everything else retries with the entry's backoff. Failed jobs
 * stay in the queue's failed set with their payload: that set is the dead-letter view. The
 * entry's lock settings decide how soon a dead worker's jobs are taken back (see QueueLockSettings).
 */
export function createQueueWorker<S extends z.ZodType, R>(
  entry: QueueEntry<S>,
  handler: JobHandler<S, R>,
  { connection, prefix, logger, concurrency = 1, autorun = true }: WorkerSettings,
): Worker {
  const processor = async (job: Job): Promise<R> => {
    const jobLogger = logger.child({ queue: entry.name, job_id: job.id, correlation_id: job.data?.correlation_id });
    try {
      const payload = validatePayload(entry, job.data, 'consumer');
      return await handler(payload, { job, logger: jobLogger, attempt: job.attemptsMade + 1 });
    } catch (error) {
      const kind = classifyError(error);
      await recordFailure(job, error, kind);
      jobLogger.warn({ err: error, kind, attempt: job.attemptsMade + 1 }, 'job attempt failed');
      throw kind === 'permanent' ? unrecoverable(error) : error;
    }
  };
  const { lockDurationMs, lockRenewTimeMs, stalledIntervalMs, maxStalledCount } = entry.lock;
  return new Worker(entry.name, processor, {
    connection,
    prefix,
    concurrency,
    autorun,
    lockDuration: lockDurationMs,
    lockRenewTime: lockRenewTimeMs,
    stalledInterval: stalledIntervalMs,
    maxStalledCount,
  });
}
