import { spawn } from 'node:child_process';
import path from 'node:path';
import { QueueEvents, type Queue } from 'bullmq';
import { detectionJobPayload, useIntegrationContext, waitFor } from '@secpipe/testing';
import { createLogger, createQueueWorker, openQueue, queueCatalog, type AnalysisJob, type QueueEntry } from '../src';

const logger = createLogger({ service: 'test', level: 'silent' });
const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Starts a detection worker process that takes `count` jobs and never finishes them; resolves once it holds them. */
async function startJobHoldingWorker(prefix: string, count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'jobHoldingWorker.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, QUEUE_PREFIX: prefix, CONCURRENCY: String(count) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const taken: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) taken.push(String((JSON.parse(line) as { took: string }).took));
  });
  await waitFor(() => taken.length === count, { what: `the worker process to take ${count} jobs`, timeoutMs: 20_000 });
  return {
    taken,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function analysisJob(n: number): AnalysisJob {
  return {
    v: 1,
    batch_id: `batch-${n}`,
    camera_id: 'front_door',
    detection_ids: [n],
    started_at: '2026-11-25T10:00:00.000Z',
    closed_at: '2026-11-25T10:00:06.000Z',
    close_reason: 'idle',
    is_fast_path: false,
    correlation_id: `corr-${n}`,
  };
}

describe('stalled jobs: a dead worker gives its jobs back, a live one keeps them', () => {
  const ctx = useIntegrationContext('stalled-jobs', { database: false });

  it('redoes a SIGKILLed detection worker’s in-flight jobs within 15 s, each once', async () => {
    const queue = openQueue(queueCatalog.detection, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => queue.close());
    const payloads = [1, 2, 3].map((n) => detectionJobPayload(n));
    for (const payload of payloads) await queue.add('detection', payload, { jobId: queueCatalog.detection.jobId(payload) });
    const crashed = await startJobHoldingWorker(ctx.prefix, payloads.length);

    await crashed.kill();
    const killedAt = Date.now();
    // The restarted service: a fresh worker on the same queue.
    const done = new Map<string, number>();
    const worker = createQueueWorker(queueCatalog.detection, async (_payload, { job }) => void done.set(String(job.id), Date.now() - killedAt), { connection: ctx.connection, prefix: ctx.prefix, logger });
    ctx.onClose(() => worker.close());
    await waitFor(() => done.size === payloads.length, { what: 'the held jobs to be redone', timeoutMs: 20_000, intervalMs: 100 });

    const recovery = Math.max(...done.values());
    process.stdout.write(`detection jobs of a SIGKILLed worker redone ${recovery} ms after the kill\n`);
    expect([...done.keys()].sort()).toEqual([...crashed.taken].sort());
    expect(recovery).toBeLessThan(15_000);
    await expect(queue.getJobCounts('active', 'completed', 'failed')).resolves.toEqual({ active: 0, completed: 3, failed: 0 });
  }, 40_000);

  it('keeps renewing the lock of a handler that runs longer than the lock, so it is not redone', async () => {
    // The analysis queue's settings scaled down (1 s lock, renewed and checked every 0.5 s) so a
    // handler outliving its lock three times over takes seconds, not half a minute.
    const entry: QueueEntry<typeof queueCatalog.analysis.schema> = {
      ...queueCatalog.analysis,
      lock: { ...queueCatalog.analysis.lock, lockDurationMs: 1000, lockRenewTimeMs: 500, stalledIntervalMs: 500 },
    };
    const queue: Queue = openQueue(entry, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => queue.close());
    const events = new QueueEvents(entry.name, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => events.close());
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    await events.waitUntilReady();

    const runs: string[] = [];
    const longCall = async (_payload: AnalysisJob, { job }: { job: { id?: string } }) => {
      runs.push(String(job.id));
      await new Promise((resolve) => setTimeout(resolve, 3500));
    };
    // Two workers: the second one runs the stalled check too and would take a job given back.
    const workers = [createQueueWorker(entry, longCall, { connection: ctx.connection, prefix: ctx.prefix, logger }), createQueueWorker(entry, longCall, { connection: ctx.connection, prefix: ctx.prefix, logger })];
    for (const worker of workers) ctx.onClose(() => worker.close());

    const job = await queue.add('analysis', analysisJob(1), { jobId: entry.jobId(analysisJob(1)) });
    await job.waitUntilFinished(events, 15_000);

    expect(runs).toEqual([job.id]);
    expect(stalled).toEqual([]);
    await expect(queue.getJobCounts('active', 'completed', 'failed')).resolves.toEqual({ active: 0, completed: 1, failed: 0 });
  }, 30_000);
});
