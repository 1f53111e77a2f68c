import { z } from 'zod';

/**
 * Per-camera object filters (`cameras.object_filters`, edited over GET/PUT
 * /api/cameras/{id}/filters, applied by the enrichment service). Keys are object classes, `*`
 * applies to every class; a class's own fields override `*`'s. A filtered detection is kept and
 * shown but marked, and opens or extends no batch.
 */
const unit = z.number().min(0).max(1);
const point = z.tuple([unit, unit]);

export const OBJECT_FILTER_ALL_CLASSES = '*';

/**
 * Builds the schemas. A function so that the API can build its own copies after its OpenAPI
 * extension has loaded (schemas made before that have no `.openapi()`).
 */
export function buildObjectFilterSchemas() {
  const rule = z
    .strictObject({
      /** Box area as a fraction of the frame (0..1). */
      min_area: unit.optional(),
      max_area: unit.optional(),
      /** Box width / height. */
      min_aspect: z.number().positive().max(100).optional(),
      max_aspect: z.number().positive().max(100).optional(),
      min_score: unit.optional(),
      /** Polygons (normalised 0..1); a detection standing inside one (bottom-centre of its box) is filtered. */
      masks: z.array(z.array(point).min(3).max(100)).max(20).optional(),
    })
    .refine((r) => r.min_area === undefined || r.max_area === undefined || r.min_area <= r.max_area, { message: 'min_area must not exceed max_area', path: ['min_area'] })
    .refine((r) => r.min_aspect === undefined || r.max_aspect === undefined || r.min_aspect <= r.max_aspect, { message: 'min_aspect must not exceed max_aspect', path: ['min_aspect'] });
  const filters = z
    .record(z.string().regex(/^(\*|[a-z][a-z0-9_ ]{0,49})$/, 'an object class or *'), rule)
    .refine((value) => Object.keys(value).length <= 100, 'at most 100 classes');
  return { rule, filters };
}

const schemas = buildObjectFilterSchemas();
export const objectFilterRuleSchema = schemas.rule;
export type ObjectFilterRule = z.output<typeof objectFilterRuleSchema>;
export const objectFiltersSchema = schemas.filters;
export type ObjectFilters = z.output<typeof objectFiltersSchema>;

/** Reads the stored column leniently: an unreadable value means no filters, not a failed step. */
export function readObjectFilters(value: unknown): ObjectFilters {
  const parsed = objectFiltersSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** The rule for one class: the class's own fields over the `*` rule's. */
export function filterRuleFor(filters: ObjectFilters, objectClass: string): ObjectFilterRule {
  return { ...filters[OBJECT_FILTER_ALL_CLASSES], ...filters[objectClass] };
}
