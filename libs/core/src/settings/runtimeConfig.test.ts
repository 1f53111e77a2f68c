import { DEFAULT_RUNTIME_CONFIG, mergeRuntimeConfig, runtimeConfigPatchSchema, runtimeConfigProblems } from './runtimeConfig';

describe('runtime config', () => {
  it('merges stored rows over the defaults and ignores unknown or invalid rows', () => {
    const merged = mergeRuntimeConfig(DEFAULT_RUNTIME_CONFIG, [
      { key: 'retention_days', value: 7 },
      { key: 'batch_window_seconds', value: 'ninety' },
      { key: 'something_else', value: 1 },
    ]);
    expect(merged).toEqual({ ...DEFAULT_RUNTIME_CONFIG, retention_days: 7 });
  });

  it('rejects values out of range, unknown fields and wrong types in a patch', () => {
    expect(runtimeConfigPatchSchema.safeParse({ retention_days: 0 }).success).toBe(false);
    expect(runtimeConfigPatchSchema.safeParse({ detection_confidence_threshold: 1.5 }).success).toBe(false);
    expect(runtimeConfigPatchSchema.safeParse({ version: '9.9.9' }).success).toBe(false);
    expect(runtimeConfigPatchSchema.safeParse({ fast_path_object_types: ['ghost'] }).success).toBe(false);
    expect(runtimeConfigPatchSchema.safeParse({ retention_days: '7' }).success).toBe(false);
    expect(runtimeConfigPatchSchema.safeParse({ retention_days: 7, fast_path_object_types: ['person', 'dog'] }).success).toBe(true);
  });

  it('keeps the idle timeout within the batch window', () => {
    expect(runtimeConfigProblems({ ...DEFAULT_RUNTIME_CONFIG, batch_window_seconds: 20, batch_idle_timeout_seconds: 30 })).toEqual([
      { field: 'batch_idle_timeout_seconds', message: 'must not exceed batch_window_seconds' },
    ]);
  });
});
