-- Two indexes on detections that no query uses; every detection write paid for them.
--
-- Evidence: EXPLAIN of every query the code runs on detections (the API's list with each filter
-- combination and cursor, its capped count, per-class stats, the camera snapshot, retention's
-- batched delete, the camera delete's cascade) on 400,000 detections over 8 cameras and 10
-- object types, after ANALYZE (PostgreSQL 15):
--   list, no filter / camera / common object type / date range -> detections_detected_at_id_idx
--   list, an object type rare enough; its count                 -> detections_object_type_idx
--   stats for one camera; the cascade of a camera delete          -> detections_camera_id_detected_at_id_idx
--   retention (detected_at < cutoff ORDER BY id LIMIT n)          -> detections_pkey
-- services/api/test/detectionIndexes.test.ts keeps this true: it runs those queries through
-- the API and requires every remaining index on detections to be scanned.
--
-- detections_object_type_trgm_idx (GIN, gin_trgm_ops, 11 MB at 400k rows) served
-- `object_type ILIKE '%...%'`, a search nothing issues: the object_type filter is an equality,
-- which the planner answers with the b-tree detections_object_type_idx (5 MB).
DROP INDEX IF EXISTS "detections_object_type_trgm_idx";

-- detections_created_at_idx was created for retention, but retention selects by detected_at
-- (and walks the primary key), never by created_at; no other query filters or sorts on it.
DROP INDEX IF EXISTS "detections_created_at_idx";
