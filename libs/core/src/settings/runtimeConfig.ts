import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { SECURITY_CLASSES } from '../domain/objectClasses';
import { DEFAULT_RISK_THRESHOLDS, riskThresholdProblems } from '../domain/riskLevels';

const riskBound = z.number().int().min(0).max(99);

/**
 * Settings an operator may change at run time (PATCH /api/system/config). Each field is one row
 * of the `settings` table, keyed by its name, so a partial update touches only its own rows.
 */
export const runtimeConfigSchema = z.strictObject({
  app_name: z.string().trim().min(1).max(100),
  retention_days: z.number().int().min(1).max(3650),
  batch_window_seconds: z.number().int().min(5).max(3600),
  batch_idle_timeout_seconds: z.number().int().min(1).max(3600),
  batch_max_detections: z.number().int().min(1).max(1000),
  detection_confidence_threshold: z.number().min(0).max(1),
  fast_path_confidence_threshold: z.number().min(0).max(1),
  fast_path_object_types: z.array(z.enum(SECURITY_CLASSES)).max(SECURITY_CLASSES.length),
  /** Upper bounds of the low, medium and high risk levels (the original's severity settings). */
  /** A camera with no upload for this long is marked offline (and back online on its next one). */
  camera_offline_after_seconds: z.number().int().min(30).max(7 * 86_400),
  risk_low_max: riskBound,
  risk_medium_max: riskBound,
  risk_high_max: riskBound,
  /** Tamper detection on or off (off: frames are not compared and no scene change is recorded). */
  scene_change_enabled: z.boolean(),
  /** SSIM against the camera's reference view below which a frame counts as changed. */
  scene_change_threshold: z.number().min(0.05).max(0.99),
  /** Changed frames in a row (in captured order) that record one scene change. */
  scene_change_frames: z.number().int().min(1).max(100),
});
export type RuntimeConfig = z.output<typeof runtimeConfigSchema>;
export type RuntimeConfigKey = keyof RuntimeConfig;
export const RUNTIME_CONFIG_KEYS = Object.keys(runtimeConfigSchema.shape) as RuntimeConfigKey[];

/** A PATCH body: any subset of the fields, nothing else. */
export const runtimeConfigPatchSchema = runtimeConfigSchema.partial();
export type RuntimeConfigPatch = z.output<typeof runtimeConfigPatchSchema>;

export const DEFAULT_RUNTIME_CONFIG: RuntimeConfig = {
  app_name: 'SecPipe',
  retention_days: 30,
  batch_window_seconds: 90,
  batch_idle_timeout_seconds: 30,
  // The original closes a batch at 500 detections; a busy scene must not split every few seconds.
  batch_max_detections: 500,
  detection_confidence_threshold: 0.5,
  fast_path_confidence_threshold: 0.9,
  fast_path_object_types: ['person'],
  camera_offline_after_seconds: 300,
  ...DEFAULT_RISK_THRESHOLDS,
  scene_change_enabled: true,
  scene_change_threshold: 0.9,
  scene_change_frames: 2,
};

/** Rules that span fields; checked on the merged result so a partial PATCH cannot break them. */
export function runtimeConfigProblems(config: RuntimeConfig): Array<{ field: RuntimeConfigKey; message: string }> {
  const problems: Array<{ field: RuntimeConfigKey; message: string }> = [];
  if (config.batch_idle_timeout_seconds > config.batch_window_seconds) {
    problems.push({ field: 'batch_idle_timeout_seconds', message: 'must not exceed batch_window_seconds' });
  }
  problems.push(...riskThresholdProblems(config));
  return problems;
}

/**
 * Merges stored rows over the defaults. A row whose value no longer validates (written by an
 * older version, edited by hand) is ignored rather than breaking every worker that reads it.
 */
export function mergeRuntimeConfig(defaults: RuntimeConfig, rows: Array<{ key: string; value: unknown }>): RuntimeConfig {
  const merged: Record<string, unknown> = { ...defaults };
  for (const row of rows) {
    const field = runtimeConfigSchema.shape[row.key as RuntimeConfigKey];
    if (!field) continue;
    const parsed = field.safeParse(row.value);
    if (parsed.success) merged[row.key] = parsed.data;
  }
  return merged as RuntimeConfig;
}

export interface RuntimeConfigSnapshot {
  config: RuntimeConfig;
  /** Newest `updated_at` among the rows, or null when nothing is stored. */
  version: string | null;
}

export async function readRuntimeConfig(prisma: PrismaClient, defaults: RuntimeConfig = DEFAULT_RUNTIME_CONFIG): Promise<RuntimeConfigSnapshot> {
  const rows = await prisma.setting.findMany({ where: { key: { in: RUNTIME_CONFIG_KEYS } } });
  const newest = rows.reduce<Date | null>((max, row) => (max && max >= row.updated_at ? max : row.updated_at), null);
  return { config: mergeRuntimeConfig(defaults, rows), version: newest ? newest.toISOString() : null };
}

/** Upserts the given fields in one transaction; the caller validates the merged result first. */
export async function writeRuntimeConfig(prisma: PrismaClient, patch: RuntimeConfigPatch): Promise<void> {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return;
  await prisma.$transaction(
    entries.map(([key, value]) =>
      prisma.setting.upsert({
        where: { key },
        create: { key, value: value as object },
        update: { value: value as object },
      }),
    ),
  );
}
