-- Per-camera, per-class object filters (min/max area and aspect, min score, polygon masks),
-- edited over GET/PUT /api/cameras/{id}/filters and applied by the enrichment service.
-- NULL = no filters. Shape: libs/core/src/filters/objectFilters.ts.
ALTER TABLE "cameras" ADD COLUMN "object_filters" JSONB;
