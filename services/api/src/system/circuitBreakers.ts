import type { BreakerState } from '@secpipe/core';
import type { ApiDeps } from '../deps';
import { workerHeartbeats } from './health';

export interface BreakerReport {
  circuit_breakers: Record<string, { service: string; name: string; state: BreakerState }>;
  total_count: number;
  open_count: number;
  /** Services whose heartbeat could not be read (down, or Redis unreachable). */
  unreported_services: string[];
  timestamp: string;
}

/** Breaker states as each worker last reported them in its heartbeat, keyed `service.breaker`. */
export async function readCircuitBreakers(deps: ApiDeps): Promise<BreakerReport> {
  const heartbeats = await workerHeartbeats(deps);
  const breakers: BreakerReport['circuit_breakers'] = {};
  const unreported: string[] = [];
  for (const [service, heartbeat] of Object.entries(heartbeats)) {
    if (!heartbeat) {
      unreported.push(service);
      continue;
    }
    for (const [name, state] of Object.entries(heartbeat.breakers ?? {})) breakers[`${service}.${name}`] = { service, name, state };
  }
  const states = Object.values(breakers);
  return {
    circuit_breakers: breakers,
    total_count: states.length,
    open_count: states.filter((breaker) => breaker.state === 'open').length,
    unreported_services: unreported,
    timestamp: deps.now().toISOString(),
  };
}
