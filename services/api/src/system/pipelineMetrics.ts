import { Counter, Gauge, Histogram, PIPELINE_STAGES, readStageLatencies, registerQueueDepthGauge, type Registry } from '@secpipe/core';
import type { RequestHandler } from 'express';
import type { ApiDeps } from '../deps';
import { workerHeartbeats } from './health';

const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/** Request counts and durations by method, matched route and status. */
export function httpMetrics(registry: Registry): RequestHandler {
  const requests =
    (registry.getSingleMetric('http_requests_total') as Counter | undefined) ??
    new Counter({ name: 'http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration =
    (registry.getSingleMetric('http_request_duration_seconds') as Histogram | undefined) ??
    new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      // The route pattern, never the raw path: ids in paths would make the label set unbounded.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route });
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * Pipeline-wide gauges the API can see from Redis at scrape time: queue depths per state, each
 * worker's heartbeat and breaker states, and per-stage latency percentiles.
 */
export function registerPipelineMetrics(deps: ApiDeps): void {
  const registry = deps.metrics;
  if (registry.getSingleMetric('pipeline_service_up')) return;
  registerQueueDepthGauge(registry, Object.values(deps.queues));
  // `worker`, not `service`: the registry's default `service` label already names the API.
  new Gauge({
    name: 'pipeline_service_up',
    help: '1 when the worker heartbeat is present',
    labelNames: ['worker'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [worker, heartbeat] of Object.entries(await workerHeartbeats(deps))) this.set({ worker }, heartbeat ? 1 : 0);
    },
  });
  new Gauge({
    name: 'pipeline_circuit_breaker_state',
    help: 'Breaker state as reported by each worker: 0 closed, 1 half-open, 2 open',
    labelNames: ['worker', 'breaker'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [worker, heartbeat] of Object.entries(await workerHeartbeats(deps))) {
        for (const [breaker, state] of Object.entries(heartbeat?.breakers ?? {})) this.set({ worker, breaker }, BREAKER_VALUE[state]);
      }
    },
  });
  // A gauge per percentile, not a summary: the percentiles are computed over the recent samples
  // kept in Redis, and a summary's `quantile` label promises a cumulative `_sum` and `_count`
  // this data does not have. Seconds, the base unit; the JSON telemetry keeps its `_ms` fields.
  new Gauge({
    name: 'pipeline_stage_latency_seconds',
    help: 'Per-stage latency percentiles (p50, p95, p99) over the recent samples',
    labelNames: ['stage', 'percentile'],
    registers: [registry],
    async collect() {
      this.reset();
      const latencies = await readStageLatencies(deps.redis, deps.config.QUEUE_PREFIX).catch(() => null);
      for (const stage of PIPELINE_STAGES) {
        const latency = latencies?.[stage];
        if (!latency || latency.sample_count === 0) continue;
        this.set({ stage, percentile: 'p50' }, (latency.p50_ms ?? 0) / 1000);
        this.set({ stage, percentile: 'p95' }, (latency.p95_ms ?? 0) / 1000);
        this.set({ stage, percentile: 'p99' }, (latency.p99_ms ?? 0) / 1000);
      }
    },
  });
}
