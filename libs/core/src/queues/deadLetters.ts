import type { Job, Queue } from 'bullmq';
import type { QueueEntryInfo } from './catalog';
import type { FailureRecord } from './worker';

/** One dead letter as the wire contract shows it. */
export interface DeadLetter {
  job_id: string;
  queue_name: string;
  original_job: unknown;
  error: string;
  error_type: string;
  attempt_count: number;
  first_failed_at: string | null;
  last_failed_at: string | null;
  stack_trace: string | null;
}

function parseFailureRecords(logs: string[]): FailureRecord[] {
  const records: FailureRecord[] = [];
  for (const line of logs) {
    try {
      const parsed = JSON.parse(line) as FailureRecord;
      if (typeof parsed.failed_at === 'string') records.push(parsed);
    } catch {
      // A log line written by something else: not a failure record.
    }
  }
  return records;
}

async function toDeadLetter(entry: QueueEntryInfo, queue: Queue, job: Job): Promise<DeadLetter> {
  const { logs } = await queue.getJobLogs(job.id ?? '', 0, -1, true);
  const failures = parseFailureRecords(logs);
  const last = failures[failures.length - 1];
  const finished = job.finishedOn ? new Date(job.finishedOn).toISOString() : null;
  return {
    job_id: job.id ?? '',
    queue_name: entry.dlqName,
    original_job: job.data,
    error: job.failedReason ?? last?.error ?? 'unknown error',
    error_type: last?.error_type ?? 'Error',
    attempt_count: job.attemptsMade,
    first_failed_at: failures[0]?.failed_at ?? finished,
    last_failed_at: last?.failed_at ?? finished,
    stack_trace: job.stacktrace?.[job.stacktrace.length - 1] ?? null,
  };
}

/**
 * The dead-letter view is the queue's own failed set: a job lands there only after its attempts
 * are spent or it failed permanently, with its original payload. Oldest first.
 */
export async function listDeadLetters(entry: QueueEntryInfo, queue: Queue, start = 0, limit = 50): Promise<DeadLetter[]> {
  const jobs = await queue.getJobs(['failed'], start, start + limit - 1, true);
  return Promise.all(jobs.filter((job): job is Job => Boolean(job)).map((job) => toDeadLetter(entry, queue, job)));
}

export async function countDeadLetters(queue: Queue): Promise<number> {
  return queue.getFailedCount();
}

/**
 * Moves the oldest dead letter back to the wait list. BullMQ's retry is an atomic script that
 * only succeeds while the job is still failed, so concurrent requeues move each job once.
 */
export async function requeueOldestDeadLetter(queue: Queue): Promise<Job | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const [job] = await queue.getJobs(['failed'], 0, 0, true);
    if (!job) return null;
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return job;
    } catch {
      // Another request moved this job first; the next oldest is now at the head.
    }
  }
  return null;
}
