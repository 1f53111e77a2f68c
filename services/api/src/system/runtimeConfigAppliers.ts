import { RUNTIME_CONFIG_KEYS, type RuntimeConfigKey } from '@secpipe/core';
import type { ApiDeps } from '../deps';
import { workerHeartbeats } from './health';

/**
 * Keys the API applies itself: the retention schedule and POST /api/system/cleanup read
 * `retention_days` from the settings table on every run.
 */
export const API_APPLIED_RUNTIME_CONFIG: readonly RuntimeConfigKey[] = ['retention_days'];

export type AppliedBy = Record<RuntimeConfigKey, string[]>;

/**
 * Which running service applies each runtime config key, from the keys every worker publishes in
 * its heartbeat. An empty list is the truth that nothing running reads that key (a worker that
 * is down, or whose heartbeat Redis cannot deliver, is not counted).
 */
export async function runtimeConfigAppliedBy(deps: ApiDeps): Promise<AppliedBy> {
  const heartbeats = await workerHeartbeats(deps);
  const appliers = (key: RuntimeConfigKey): string[] => {
    const workers = Object.entries(heartbeats)
      .filter(([, heartbeat]) => heartbeat?.applies_runtime_config?.includes(key))
      .map(([service]) => service)
      .sort();
    return API_APPLIED_RUNTIME_CONFIG.includes(key) ? ['api', ...workers] : workers;
  };
  return Object.fromEntries(RUNTIME_CONFIG_KEYS.map((key) => [key, appliers(key)])) as AppliedBy;
}
