import { auditAfterChange, InvalidInputError, runtimeConfigProblems, writeRuntimeConfig, type AuditWriter, type RuntimeConfig, type RuntimeConfigPatch } from '@secpipe/core';
import type { ApiDeps } from '../deps';
import { currentRuntimeConfig } from '../system/runtimeSettings';

/**
 * Checks a patch against the merged result (ranges that depend on each other) and persists it;
 * the workers pick it up within seconds. The settings rows commit in their own transaction, so
 * the audit row follows right after.
 */
export async function updateRuntimeConfig(deps: Pick<ApiDeps, 'prisma' | 'config' | 'logger'>, patch: RuntimeConfigPatch, audit?: AuditWriter): Promise<RuntimeConfig> {
  const entry = { action: 'config.update', resource_type: 'runtime_config', resource_id: null, details: { ...patch } };
  return auditAfterChange(deps.prisma, audit, entry, async () => {
    const merged = { ...(await currentRuntimeConfig(deps)), ...patch };
    const problems = runtimeConfigProblems(merged);
    if (problems.length > 0) throw new InvalidInputError(problems.map((problem) => ({ field: `body.${problem.field}`, message: problem.message })));
    await writeRuntimeConfig(deps.prisma, patch);
    deps.logger.info({ changed: Object.keys(patch) }, 'runtime config updated');
    return merged;
  });
}
