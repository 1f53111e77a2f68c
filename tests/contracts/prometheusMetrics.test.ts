import { spawnSync } from 'node:child_process';
import {
  BreakerRegistry,
  createMetricsRegistry,
  createStageTimingRecorder,
  registerBreakerGauge,
  registerJobCounter,
  registerQueueDepthGauge,
  type Registry,
} from '@secpipe/core';
import { useIntegrationContext } from '@secpipe/testing';
import { Queue } from 'bullmq';
import { DetectorMetrics } from '../../services/detector/src/metrics/detectorMetrics';
import { IngestMetrics } from '../../services/ingest/src/ops/ingestMetrics';
import { buildTestApp, request } from '../../services/api/test/contract';
import { wsMetrics } from '../../services/api/src/ws/wsMetrics';
import { conventionProblems, parseExposition } from './metricConventions';

/** What every worker's service kit registers (bootWorkerService): defaults, breakers, job outcomes. */
function workerRegistry(service: string): Registry {
  const registry = createMetricsRegistry(service);
  const breakers = new BreakerRegistry();
  breakers.create('llm', async () => 'ok');
  registerBreakerGauge(registry, breakers);
  registerJobCounter(registry).inc({ queue: 'detection', outcome: 'completed' });
  return registry;
}

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = !promtool.error && promtool.status === 0;

describe('Prometheus metrics of every service follow the naming conventions', () => {
  const ctx = useIntegrationContext('contract-prometheus');
  const expositions: Record<string, string> = {};

  beforeAll(async () => {
    const detector = workerRegistry('detector');
    const detectorMetrics = new DetectorMetrics(detector);
    detectorMetrics.modelCall(4, 12);
    detectorMetrics.queueWaited(250);
    detectorMetrics.imageProcessed(['person', 'car']);
    const ingest = workerRegistry('ingest');
    new IngestMetrics(ingest).fileAccepted(0.02);
    const queue = new Queue('conventions', { connection: ctx.redis, prefix: ctx.prefix });
    ctx.onClose(() => queue.close());
    registerQueueDepthGauge(ingest, [queue]);
    expositions.detector = await detector.metrics();
    expositions.ingest = await ingest.metrics();
    expositions.enrichment = await workerRegistry('enrichment').metrics();
    expositions.analyzer = await workerRegistry('analyzer').metrics();

    const { app, deps } = buildTestApp(ctx);
    const live = wsMetrics(deps.metrics);
    live.connected.inc({ path: '/ws/events' });
    live.messagesSent.inc({ type: 'event' }, 2);
    live.fanOutLatency.observe(0.004);
    live.slowClientsDropped.inc();
    live.rejected.inc({ reason: 'policy' });
    const recorder = createStageTimingRecorder(ctx.redis, ctx.prefix, 10);
    await recorder.record('detect', 40);
    await request(app).get('/api/events').expect(200);
    await request(app).get('/api/cameras/nowhere').expect(404);
    expositions.api = (await request(app).get('/api/metrics').expect(200)).text;
  });

  it.each(['detector', 'ingest', 'enrichment', 'analyzer', 'api'])('%s: names, units, suffixes and reserved labels', (service) => {
    expect(conventionProblems(expositions[service])).toEqual([]);
  });

  it('reports durations in seconds', () => {
    const detector = parseExposition(expositions.detector).map((family) => family.name);
    expect(detector).toEqual(expect.arrayContaining(['detector_inference_speed_seconds', 'detector_queue_wait_seconds']));
    expect(expositions.detector).toMatch(/^detector_inference_speed_seconds_sum\{service="detector"\} 0\.012$/m);
    expect(expositions.detector).toMatch(/^detector_queue_wait_seconds_sum\{service="detector"\} 0\.25$/m);
    expect(expositions.api).toMatch(/^pipeline_stage_latency_seconds\{stage="detect",percentile="p50",service="api"\} 0\.04$/m);
  });

  it('catches what it is meant to catch (the check can fail)', () => {
    const bad = [
      '# HELP job_wait_ms wait', '# TYPE job_wait_ms histogram', 'job_wait_ms_bucket{le="+Inf"} 1', 'job_wait_ms_sum 1', 'job_wait_ms_count 1',
      '# HELP jobs_done done', '# TYPE jobs_done counter', 'jobs_done 1',
      '# HELP open_total open', '# TYPE open_total gauge', 'open_total 1',
      '# HELP lat latency', '# TYPE lat gauge', 'lat{quantile="0.5"} 1',
    ].join('\n');
    expect(conventionProblems(bad)).toEqual([
      'job_wait_ms: unit "ms" is not a base unit (seconds, bytes, ratio)',
      'jobs_done: counter without _total',
      'open_total: gauge ending in _total',
      'lat: "quantile" label on a gauge',
    ]);
  });

  // promtool comes with Prometheus (Debian package `prometheus`), which CI machines need not
  // have; the convention checks above cover the same rules without it.
  (hasPromtool ? it : it.skip).each(['detector', 'ingest', 'enrichment', 'analyzer', 'api'])('%s: promtool check metrics finds no problem', (service) => {
    const run = spawnSync('promtool', ['check', 'metrics'], { input: expositions[service], encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
    expect(run.status).toBe(0);
  });
});
