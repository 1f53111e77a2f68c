import { useIntegrationContext, waitFor, detectionJobPayload } from '@secpipe/testing';
import { baseServiceEnv, QueueProducer, queueCatalog, readHeartbeats, readStageLatencies, startWorkerService, type WorkerService } from '../src';


describe('worker service kit', () => {
  const ctx = useIntegrationContext('worker-kit', { database: false });
  const config = () => baseServiceEnv(0).parse({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: ctx.prefix, OPS_PORT: '0', LOG_LEVEL: 'silent', HEARTBEAT_INTERVAL_MS: '200' });
  const closeService = (service: WorkerService) => async () => {
    // The steps a SIGTERM would run, in the kit's order.
    for (const step of service.kit.shutdownSteps) await step.close();
  };
  const producer = () => {
    const p = QueueProducer.open(queueCatalog.detection, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => p.close());
    return p;
  };

  it('runs a handler with readiness, job metrics, stage timing and ordered shutdown', async () => {
    const handled: string[] = [];
    const closed: string[] = [];
    const service = await startWorkerService({
      name: 'detector',
      config: config(),
      consumes: queueCatalog.detection,
      stage: 'detect',
      async setup() {
        return {
          handler: async (job) => {
            handled.push(job.correlation_id);
            if (job.correlation_id === 'corr-2') throw new Error('model hiccup');
          },
          readiness: async () => ({ model: true }),
          steps: [{ name: 'model', close: () => void closed.push('model') }],
        };
      },
    });
    ctx.onClose(closeService(service));
    const base = `http://127.0.0.1:${service.kit.ops.port}`;
    await waitFor(async () => (await fetch(`${base}/ready`)).status === 200, { what: 'ready' });
    await expect(fetch(`${base}/ready`).then((r) => r.json())).resolves.toMatchObject({ checks: { redis: true, worker: true, model: true } });

    await producer().enqueue(detectionJobPayload(1));
    await producer().enqueue(detectionJobPayload(2), { attempts: 1 });
    await waitFor(() => handled.length === 2, { what: 'two jobs handled' });
    const metrics = await waitFor(async () => {
      const text = await fetch(`${base}/metrics`).then((r) => r.text());
      return /jobs_processed_total\{queue="detection",outcome="failed"/.test(text) && text;
    });
    expect(metrics).toMatch(/jobs_processed_total\{queue="detection",outcome="completed",service="detector"\} 1/);
    expect(metrics).toMatch(/job_duration_seconds_count\{service="detector",queue="detection",outcome="completed"\} 1/);
    expect((await readStageLatencies(ctx.redis, ctx.prefix)).detect.sample_count).toBe(1);

    expect(service.kit.shutdownSteps.map((step) => step.name)).toEqual(['detection worker (finish current jobs)', 'model', 'service kit']);
    await closeService(service)();
    expect(closed).toEqual(['model']);
    expect(service.worker?.isRunning()).toBe(false);
  });

  it('reports degraded, with the backlog, while jobs wait for a service that has no handler', async () => {
    const service = await startWorkerService({ name: 'enrichment', config: config(), consumes: queueCatalog.detection });
    ctx.onClose(closeService(service));
    const heartbeat = () => readHeartbeats(ctx.redis, ctx.prefix, ['enrichment']).then((beats) => beats.enrichment);
    await waitFor(async () => (await heartbeat())?.status === 'healthy', { what: 'healthy while nothing waits' });
    await producer().enqueue(detectionJobPayload(3));
    const degraded = await waitFor(async () => {
      const beat = await heartbeat();
      return beat?.status === 'degraded' && beat;
    }, { what: 'degraded heartbeat' });
    expect(degraded.message).toBe('no handler for the detection queue yet: 1 jobs waiting');
    expect(degraded.details).toEqual({ waiting: 1 });
    expect(service.worker).toBeNull();
  });
});
