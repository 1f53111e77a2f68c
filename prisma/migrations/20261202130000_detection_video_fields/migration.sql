-- Detections from a frame of an uploaded clip: the clip, where in it the frame lies and what the
-- clip is. All NULL for snapshots (media_type 'image'), so existing rows need no backfill.
ALTER TABLE "detections"
  ADD COLUMN "video_path" TEXT,
  ADD COLUMN "frame_offset" DOUBLE PRECISION,
  ADD COLUMN "duration" DOUBLE PRECISION,
  ADD COLUMN "video_codec" VARCHAR(30),
  ADD COLUMN "video_width" INTEGER,
  ADD COLUMN "video_height" INTEGER;
