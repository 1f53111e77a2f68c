import { DEFAULT_RUNTIME_CONFIG, readRuntimeConfig, runtimeConfigPatchSchema, runtimeConfigProblems, writeRuntimeConfig, type RuntimeConfig } from '@secpipe/core';
import type { ApiDeps } from '../deps';
import { ValidationError } from '../http/problem';
import { parseRequestPart } from '../http/validate';

/** Values for fields nobody has set: the code defaults, with the API's environment on top. */
export function runtimeConfigDefaults(deps: ApiDeps): RuntimeConfig {
  return { ...DEFAULT_RUNTIME_CONFIG, retention_days: deps.config.RETENTION_DAYS };
}

export async function currentRuntimeConfig(deps: ApiDeps): Promise<RuntimeConfig> {
  return (await readRuntimeConfig(deps.prisma, runtimeConfigDefaults(deps))).config;
}

/** Validates a PATCH against the field ranges and the merged result, then persists it. */
export async function patchRuntimeConfig(deps: ApiDeps, body: unknown): Promise<RuntimeConfig> {
  const patch = parseRequestPart(runtimeConfigPatchSchema, body ?? {}, 'body');
  const merged = { ...(await currentRuntimeConfig(deps)), ...patch };
  const problems = runtimeConfigProblems(merged);
  if (problems.length > 0) throw new ValidationError(problems.map((problem) => ({ field: `body.${problem.field}`, message: problem.message })));
  await writeRuntimeConfig(deps.prisma, patch);
  deps.logger.info({ changed: Object.keys(patch) }, 'runtime config updated');
  return merged;
}
