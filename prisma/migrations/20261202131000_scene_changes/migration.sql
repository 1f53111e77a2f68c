-- Scene changes (camera covered, turned or tampered with), written by the enrichment service's
-- scene worker and listed over GET /api/cameras/{id}/scene-changes. The unique index serves the
-- newest-first listing and makes a redelivered confirmation insert nothing the second time.
CREATE TABLE "scene_changes" (
    "id" SERIAL NOT NULL,
    "camera_id" VARCHAR(100) NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,
    "acknowledged" BOOLEAN NOT NULL DEFAULT false,
    "acknowledged_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scene_changes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "scene_changes_kind_check" CHECK ("kind" IN ('view_blocked', 'angle_changed', 'view_tampered')),
    CONSTRAINT "scene_changes_similarity_check" CHECK ("similarity" >= -1 AND "similarity" <= 1)
);

CREATE UNIQUE INDEX "scene_changes_camera_id_detected_at_key" ON "scene_changes"("camera_id", "detected_at" DESC);

ALTER TABLE "scene_changes" ADD CONSTRAINT "scene_changes_camera_id_fkey" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A scene change raises an event of its own (batch_id scene_change_<id>, risk high, no
-- detections) so that alert rules, alerts and notifications work as for any event. A rule with
-- scene_change = true matches those events only; other rules never match them.
ALTER TABLE "scene_changes" ADD COLUMN "event_id" INTEGER;
CREATE UNIQUE INDEX "scene_changes_event_id_key" ON "scene_changes"("event_id");
ALTER TABLE "scene_changes" ADD CONSTRAINT "scene_changes_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "alert_rules" ADD COLUMN "scene_change" BOOLEAN NOT NULL DEFAULT false;
