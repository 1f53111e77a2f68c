import { z } from 'zod';
import { buildObjectFilterSchemas } from '@secpipe/core';
import '../http/openapi';

/** The shared schema (libs/core/src/filters/objectFilters.ts), documented under its own name. */
// Built here, after the OpenAPI extension: same rules as the enrichment service reads.
export const objectFiltersBody = buildObjectFilterSchemas().filters.openapi('ObjectFilters', {
  description: 'Per-class object filters; key `*` applies to every class, a class key overrides its fields',
  example: { '*': { min_score: 0.4 }, car: { min_area: 0.002, max_aspect: 4, masks: [[[0, 0], [0.3, 0], [0, 0.4]]] } },
});

export const cameraFiltersSchema = z
  .object({
    camera_id: z.string(),
    filters: objectFiltersBody,
  })
  .openapi('CameraFilters');
