-- Identical bytes uploaded by two cameras (a "no signal" or "lens covered" frame) are two
-- cameras' detections. The detector's idempotent insert keys on the camera too, as the
-- detection and enrichment job ids do.
DROP INDEX "detections_file_hash_box_index_key";
CREATE UNIQUE INDEX "detections_camera_id_file_hash_box_index_key" ON "detections"("camera_id", "file_hash", "box_index");
