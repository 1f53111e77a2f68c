import { z } from 'zod';

/**
 * What the enrichment service records in `detections.enrichment_data`. Every part is optional
 * (a step that is off or failed leaves its part out and says so in `steps`), unknown keys are
 * dropped on read so a newer writer never breaks an older reader, and `v` says which version
 * of this shape wrote it.
 */
export const ENRICHMENT_DATA_VERSION = 1;

const unit = z.number().min(0).max(1);

export const enrichmentStepSchema = z.object({
  status: z.enum(['ok', 'skipped', 'failed']),
  duration_ms: z.number().min(0),
  /** Why a step was skipped or failed ("OCR disabled", "breaker open"). */
  reason: z.string().max(500).optional(),
});
export type EnrichmentStep = z.output<typeof enrichmentStepSchema>;

export const ENRICHMENT_STEPS = ['zones', 'filters', 'stationary', 'plate', 'quality', 'baseline'] as const;
export type EnrichmentStepName = (typeof ENRICHMENT_STEPS)[number];

export const zoneHitSchema = z.object({
  id: z.string(),
  name: z.string(),
  zone_type: z.enum(['entry_point', 'driveway', 'sidewalk', 'yard', 'other']),
});

export const enrichmentDataSchema = z.object({
  v: z.number().int().positive().default(ENRICHMENT_DATA_VERSION),
  /** Ids of the zones the box's bottom-centre fell in; what alert rules match on. */
  zone_ids: z.array(z.string()).default([]),
  zones: z.array(zoneHitSchema).default([]),
  /** A filtered detection is kept but opens or extends no batch. */
  filtered: z.boolean().default(false),
  filter_reasons: z.array(z.string()).default([]),
  stationary: z.boolean().default(false),
  /** Seconds the same object has been seen in place (stationary detections). */
  stationary_seconds: z.number().min(0).optional(),
  plate: z.object({ text: z.string().max(32), confidence: unit }).nullable().optional(),
  quality: z
    .object({
      blur_variance: z.number().min(0),
      brightness: z.number().min(0).max(255),
      is_blurry: z.boolean(),
      is_dark: z.boolean(),
    })
    .optional(),
  baseline: z
    .object({
      expected: z.number().min(0),
      observed: z.number().min(0),
      deviation: unit,
      anomalous: z.boolean(),
      sample_count: z.number().int().min(0),
    })
    .nullable()
    .optional(),
  steps: z.partialRecord(z.enum(ENRICHMENT_STEPS), enrichmentStepSchema).default({}),
});
export type EnrichmentData = z.output<typeof enrichmentDataSchema>;
export type EnrichmentDataInput = z.input<typeof enrichmentDataSchema>;

/** Reads stored enrichment data leniently: null for nothing or an unreadable value. */
export function readEnrichmentData(value: unknown): EnrichmentData | null {
  if (value === null || value === undefined) return null;
  const parsed = enrichmentDataSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
