-- The batch a detection was sent to analysis in, written by the enrichment service when the
-- batch closes. NULL on an enriched, kept detection after its batch should have closed means
-- the batch state in Redis was lost (persistence off): the recovery scan finds those here.
ALTER TABLE "detections" ADD COLUMN "batch_id" VARCHAR(100);

-- Only the rows the recovery scan looks at: enriched, not yet in a closed batch.
CREATE INDEX "detections_unbatched_idx" ON "detections"("created_at")
  WHERE "batch_id" IS NULL AND "enrichment_data" IS NOT NULL;
