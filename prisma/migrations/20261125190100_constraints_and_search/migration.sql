-- Constraints, search and indexes that Prisma's schema language cannot express.
-- They protect the data from any writer (services, scripts, psql), not just from our own code.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Value ranges ---------------------------------------------------------------------------------
ALTER TABLE "detections"
  ADD CONSTRAINT "detections_confidence_range" CHECK ("confidence" >= 0 AND "confidence" <= 1),
  ADD CONSTRAINT "detections_bbox_non_negative"
    CHECK ("bbox_x" >= 0 AND "bbox_y" >= 0 AND "bbox_width" >= 0 AND "bbox_height" >= 0),
  ADD CONSTRAINT "detections_box_index_non_negative" CHECK ("box_index" >= 0),
  ADD CONSTRAINT "detections_file_hash_hex" CHECK ("file_hash" ~ '^[0-9a-f]{64}$');

ALTER TABLE "events"
  ADD CONSTRAINT "events_risk_score_range" CHECK ("risk_score" >= 0 AND "risk_score" <= 100),
  ADD CONSTRAINT "events_ended_after_started" CHECK ("ended_at" IS NULL OR "ended_at" >= "started_at"),
  ADD CONSTRAINT "events_detection_count_non_negative" CHECK ("detection_count" >= 0);

ALTER TABLE "zones"
  ADD CONSTRAINT "zones_color_hex" CHECK ("color" ~ '^#[0-9A-Fa-f]{6}$'),
  ADD CONSTRAINT "zones_coordinates_array" CHECK (jsonb_typeof("coordinates") = 'array');

ALTER TABLE "alert_rules"
  ADD CONSTRAINT "alert_rules_risk_threshold_range"
    CHECK ("risk_threshold" IS NULL OR ("risk_threshold" >= 0 AND "risk_threshold" <= 100)),
  ADD CONSTRAINT "alert_rules_min_confidence_range"
    CHECK ("min_confidence" IS NULL OR ("min_confidence" >= 0 AND "min_confidence" <= 1)),
  ADD CONSTRAINT "alert_rules_cooldown_non_negative" CHECK ("cooldown_seconds" >= 0);

ALTER TABLE "activity_baselines"
  ADD CONSTRAINT "activity_baselines_hour_range" CHECK ("hour" BETWEEN 0 AND 23),
  ADD CONSTRAINT "activity_baselines_day_range" CHECK ("day_of_week" BETWEEN 0 AND 6),
  ADD CONSTRAINT "activity_baselines_counts_non_negative" CHECK ("avg_count" >= 0 AND "sample_count" >= 0);

ALTER TABLE "class_baselines"
  ADD CONSTRAINT "class_baselines_hour_range" CHECK ("hour" BETWEEN 0 AND 23),
  ADD CONSTRAINT "class_baselines_counts_non_negative" CHECK ("frequency" >= 0 AND "sample_count" >= 0);

-- Full-text search over an event's summary, reasoning and object types -------------------------
-- A stored generated column. array_to_string() is only STABLE in general, but for text[] its
-- output is deterministic, so the wrapper may be declared IMMUTABLE (which generated columns
-- require). No semicolons inside the body: Prisma's migration runner splits scripts on them.
-- Camera names are matched at query time instead (a camera can be renamed).
CREATE FUNCTION "events_search_document"(summary text, reasoning text, object_types text[])
  RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'A') ||
           setweight(to_tsvector('english'::regconfig, coalesce(array_to_string(object_types, ' '), '')), 'A') ||
           setweight(to_tsvector('english'::regconfig, coalesce(reasoning, '')), 'B')
  $$;

ALTER TABLE "events" DROP COLUMN "search_vector";
ALTER TABLE "events" ADD COLUMN "search_vector" tsvector
  GENERATED ALWAYS AS ("events_search_document"("summary", "reasoning", "object_types")) STORED;

CREATE INDEX "events_search_vector_idx" ON "events" USING GIN ("search_vector");

-- "Which events saw a person": object_types @> ARRAY['person'].
CREATE INDEX "events_object_types_idx" ON "events" USING GIN ("object_types");

-- Partial index for the review queue (unreviewed events, newest first).
CREATE INDEX "events_unreviewed_idx" ON "events" ("started_at" DESC, "id" DESC) WHERE NOT "reviewed";

-- Object type search (ILIKE '%per%') on detections and camera names.
CREATE INDEX "detections_object_type_trgm_idx" ON "detections" USING GIN ("object_type" gin_trgm_ops);
CREATE INDEX "cameras_name_trgm_idx" ON "cameras" USING GIN ("name" gin_trgm_ops);

-- Retention deletes the oldest rows in batches.
CREATE INDEX "detections_created_at_idx" ON "detections" ("created_at");
