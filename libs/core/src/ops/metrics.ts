import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { BreakerRegistry } from '../resilience/breaker';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * prom-client's default metrics include these sums as gauges named like counters, which
 * `promtool check metrics` rejects ("non-counter metrics should not have _total suffix"). The
 * same numbers stay available as `sum(nodejs_active_handles)` (and requests, resources), the
 * per-type gauges prom-client exposes beside them.
 */
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** A registry with Node's default metrics and `service` as a default label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
  return registry;
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** `queue_jobs{queue,state}`, read from BullMQ at scrape time (no bookkeeping on the hot path). */
export function registerQueueDepthGauge(registry: Registry, queues: Queue[]): Gauge {
  return new Gauge({
    name: 'queue_jobs',
    help: 'Jobs per queue and state, read from BullMQ at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (queue) => {
          try {
            const counts = await queue.getJobCounts(...JOB_STATES);
            for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch {
            // Redis down: the gauge reports nothing for this queue rather than failing the scrape.
          }
        }),
      );
    },
  });
}

/** `circuit_breaker_state{breaker}`: 0 closed, 1 half-open, 2 open. */
export function registerBreakerGauge(registry: Registry, breakers: BreakerRegistry): Gauge {
  const value = { closed: 0, half_open: 1, open: 2 } as const;
  return new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
    labelNames: ['breaker'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [name, state] of Object.entries(breakers.states())) this.set({ breaker: name }, value[state]);
    },
  });
}

/** `jobs_processed_total{queue,outcome}` for one worker. */
export function registerJobCounter(registry: Registry): Counter {
  return new Counter({
    name: 'jobs_processed_total',
    help: 'Jobs finished by this service, by queue and outcome',
    labelNames: ['queue', 'outcome'],
    registers: [registry],
  });
}
