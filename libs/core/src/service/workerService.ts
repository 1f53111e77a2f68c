import type { Worker } from 'bullmq';
import { Histogram } from 'prom-client';
import type { z } from 'zod';
import type { BaseServiceConfig } from '../config/envTypes';
import type { HeartbeatStatus } from '../ops/heartbeat';
import { registerJobCounter } from '../ops/metrics';
import type { QueueEntry } from '../queues/catalog';
import { openQueue } from '../queues/producer';
import { createQueueWorker, type JobHandler } from '../queues/worker';
import { createStageTimingRecorder, type PipelineStage } from '../telemetry/stageTimings';
import { bootWorkerService, type ServiceKit } from './bootWorkerService';
import type { ShutdownStep } from './shutdown';

/** What a worker service builds once the kit is up: its handler and the parts behind it. */
export interface WorkerParts<S extends z.ZodType> {
  handler: JobHandler<S>;
  /** Closed, in order, after the worker has finished its current jobs. */
  steps?: ShutdownStep[];
  readiness?: () => Promise<Record<string, boolean>>;
  status?: () => Omit<HeartbeatStatus, 'breakers'>;
}

export interface WorkerServiceSettings<S extends z.ZodType> {
  name: string;
  config: BaseServiceConfig;
  /** The catalog queue this service consumes. */
  consumes: QueueEntry<S>;
  concurrency?: number;
  /** Pipeline stage recorded per job: from its enqueue to the handler's return. */
  stage?: PipelineStage;
  shutdownStepTimeoutMs?: number;
  /** Runtime config keys this service applies without a restart (announced in its heartbeat). */
  appliesRuntimeConfig?: string[];
  /** Builds adapters and the handler. Without it the service runs no worker and says so. */
  setup?: (kit: ServiceKit) => Promise<WorkerParts<S>>;
}

export interface WorkerService {
  kit: ServiceKit;
  worker: Worker | null;
}

/** How often a service without a handler counts the jobs waiting for it. */
const BACKLOG_POLL_MS = 2000;

/**
 * One call from catalog entry + handler to a running service: the kit (logs, metrics, ops
 * server, heartbeat, signals), a BullMQ worker under the retry/dead-letter policy, job counts
 * and durations, the stage timing, readiness (worker running + the service's own checks) and
 * the shutdown order (stop taking jobs, finish current ones, close what setup built, then the
 * kit). A service that has no handler yet reports degraded while jobs wait for it.
 */
export async function startWorkerService<S extends z.ZodType>(settings: WorkerServiceSettings<S>): Promise<WorkerService> {
  const late: { parts?: WorkerParts<S>; worker?: Worker; backlog?: number } = {};
  const kit = await bootWorkerService({
    name: settings.name,
    config: settings.config,
    shutdownStepTimeoutMs: settings.shutdownStepTimeoutMs,
    appliesRuntimeConfig: settings.appliesRuntimeConfig,
    readiness: async () => ({
      ...(settings.setup ? { worker: late.worker?.isRunning() ?? false } : {}),
      ...(await late.parts?.readiness?.()),
    }),
    status: () => late.parts?.status?.() ?? (settings.setup ? startingStatus(late.parts) : backlogStatus(settings.consumes.name, late.backlog)),
  });
  if (!settings.setup) {
    watchBacklog(kit, settings, (count) => (late.backlog = count));
    return { kit, worker: null };
  }
  const parts = await settings.setup(kit);
  late.parts = parts;
  const worker = createQueueWorker(settings.consumes, instrument(kit, settings, parts.handler), {
    connection: kit.workerConnection,
    prefix: settings.config.QUEUE_PREFIX,
    logger: kit.logger,
    concurrency: settings.concurrency,
  });
  worker.on('error', (error) => kit.logger.error({ err: error, queue: settings.consumes.name }, 'worker error'));
  late.worker = worker;
  // 'service started' comes before setup; from here on the service takes jobs (and runs the
  // stalled check that takes back a dead predecessor's).
  kit.logger.info({ queue: settings.consumes.name, concurrency: settings.concurrency ?? 1 }, 'worker started');
  kit.shutdownSteps.unshift({ name: `${settings.consumes.name} worker (finish current jobs)`, close: () => worker.close() }, ...(parts.steps ?? []));
  return { kit, worker };
}

function startingStatus(parts: unknown): Omit<HeartbeatStatus, 'breakers'> {
  return parts ? { status: 'healthy' } : { status: 'degraded', message: 'starting: handler not built yet' };
}

function backlogStatus(queue: string, waiting: number | undefined): Omit<HeartbeatStatus, 'breakers'> {
  if (waiting === undefined) return { status: 'healthy' };
  if (waiting > 0) return { status: 'degraded', message: `no handler for the ${queue} queue yet: ${waiting} jobs waiting`, details: { waiting } };
  return { status: 'healthy', message: `no handler for the ${queue} queue yet; nothing waiting`, details: { waiting } };
}

function watchBacklog<S extends z.ZodType>(kit: ServiceKit, settings: WorkerServiceSettings<S>, update: (count: number) => void): void {
  const queue = openQueue(settings.consumes, { connection: kit.workerConnection, prefix: settings.config.QUEUE_PREFIX });
  queue.on('error', () => undefined);
  const poll = async () => {
    try {
      update(await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized'));
      await kit.heartbeat.beat();
    } catch {
      // Redis down: the heartbeat expires by itself and the API reports the service unreachable.
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), BACKLOG_POLL_MS);
  timer.unref();
  kit.shutdownSteps.unshift({ name: `${settings.consumes.name} backlog watch`, close: () => (clearInterval(timer), queue.close()) });
  kit.logger.warn({ queue: settings.consumes.name }, 'no handler for this queue yet: jobs wait until one exists');
}

/** Wraps the handler with the job counter, the duration histogram and the stage timing. */
function instrument<S extends z.ZodType>(kit: ServiceKit, settings: WorkerServiceSettings<S>, handler: JobHandler<S>): JobHandler<S> {
  const queue = settings.consumes.name;
  const jobs = registerJobCounter(kit.registry);
  const durations = new Histogram({
    name: 'job_duration_seconds',
    help: 'Time a handler spent on one job attempt, by queue and outcome',
    labelNames: ['queue', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [kit.registry],
  });
  const timings = settings.stage ? createStageTimingRecorder(kit.redis, settings.config.QUEUE_PREFIX) : undefined;
  return async (payload, context) => {
    const stop = durations.startTimer({ queue });
    try {
      const result = await handler(payload, context);
      stop({ outcome: 'completed' });
      jobs.inc({ queue, outcome: 'completed' });
      if (settings.stage) void timings?.record(settings.stage, Date.now() - context.job.timestamp);
      return result;
    } catch (error) {
      stop({ outcome: 'failed' });
      jobs.inc({ queue, outcome: 'failed' });
      throw error;
    }
  };
}
