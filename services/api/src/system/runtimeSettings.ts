import { DEFAULT_RUNTIME_CONFIG, readRuntimeConfig, type RuntimeConfig } from '@secpipe/core';
import type { ApiDeps } from '../deps';

type SettingsDeps = Pick<ApiDeps, 'prisma' | 'config'>;

/** Values for fields nobody has set: the code defaults, with the API's environment on top. */
export function runtimeConfigDefaults(deps: SettingsDeps): RuntimeConfig {
  return { ...DEFAULT_RUNTIME_CONFIG, retention_days: deps.config.RETENTION_DAYS };
}

export async function currentRuntimeConfig(deps: SettingsDeps): Promise<RuntimeConfig> {
  return (await readRuntimeConfig(deps.prisma, runtimeConfigDefaults(deps))).config;
}
