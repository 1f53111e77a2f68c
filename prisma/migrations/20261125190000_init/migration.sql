-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CameraStatus" AS ENUM ('online', 'offline', 'error', 'unknown');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "AnalysisSource" AS ENUM ('llm', 'rules', 'fallback');

-- CreateEnum
CREATE TYPE "ZoneType" AS ENUM ('entry_point', 'driveway', 'sidewalk', 'yard', 'other');

-- CreateEnum
CREATE TYPE "ZoneShape" AS ENUM ('rectangle', 'polygon');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('pending', 'delivered', 'acknowledged', 'dismissed');

-- CreateTable
CREATE TABLE "cameras" (
    "id" VARCHAR(100) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "folder_path" TEXT NOT NULL,
    "status" "CameraStatus" NOT NULL DEFAULT 'online',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3),
    "ingest_watermark" TIMESTAMPTZ(3),

    CONSTRAINT "cameras_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "detections" (
    "id" SERIAL NOT NULL,
    "camera_id" VARCHAR(100) NOT NULL,
    "file_path" TEXT NOT NULL,
    "file_type" VARCHAR(20),
    "file_hash" CHAR(64) NOT NULL,
    "box_index" INTEGER NOT NULL DEFAULT 0,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "object_type" VARCHAR(50) NOT NULL,
    "confidence" REAL NOT NULL,
    "bbox_x" INTEGER NOT NULL,
    "bbox_y" INTEGER NOT NULL,
    "bbox_width" INTEGER NOT NULL,
    "bbox_height" INTEGER NOT NULL,
    "image_width" INTEGER,
    "image_height" INTEGER,
    "thumbnail_path" TEXT,
    "media_type" VARCHAR(10) NOT NULL DEFAULT 'image',
    "enrichment_data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "detections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" SERIAL NOT NULL,
    "batch_id" VARCHAR(100) NOT NULL,
    "camera_id" VARCHAR(100) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "risk_score" INTEGER NOT NULL,
    "risk_level" "RiskLevel" NOT NULL,
    "summary" TEXT NOT NULL,
    "reasoning" TEXT NOT NULL,
    "reviewed" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "is_fast_path" BOOLEAN NOT NULL DEFAULT false,
    "detection_count" INTEGER NOT NULL DEFAULT 0,
    "object_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "thumbnail_url" TEXT,
    "analysis_source" "AnalysisSource" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search_vector" tsvector,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_detections" (
    "event_id" INTEGER NOT NULL,
    "detection_id" INTEGER NOT NULL,

    CONSTRAINT "event_detections_pkey" PRIMARY KEY ("event_id","detection_id")
);

-- CreateTable
CREATE TABLE "zones" (
    "id" UUID NOT NULL,
    "camera_id" VARCHAR(100) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "zone_type" "ZoneType" NOT NULL DEFAULT 'other',
    "coordinates" JSONB NOT NULL,
    "shape" "ZoneShape" NOT NULL DEFAULT 'rectangle',
    "color" VARCHAR(7) NOT NULL DEFAULT '#3B82F6',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "severity" "AlertSeverity" NOT NULL DEFAULT 'medium',
    "risk_threshold" INTEGER,
    "object_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "camera_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "zone_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "min_confidence" DOUBLE PRECISION,
    "schedule" JSONB,
    "dedup_key_template" VARCHAR(255) NOT NULL DEFAULT '{camera_id}:{rule_id}',
    "cooldown_seconds" INTEGER NOT NULL DEFAULT 300,
    "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "event_id" INTEGER NOT NULL,
    "rule_id" UUID,
    "severity" "AlertSeverity" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'pending',
    "dedup_key" VARCHAR(255) NOT NULL,
    "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_baselines" (
    "camera_id" VARCHAR(100) NOT NULL,
    "hour" INTEGER NOT NULL,
    "day_of_week" INTEGER NOT NULL,
    "avg_count" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sample_count" INTEGER NOT NULL DEFAULT 0,
    "last_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_baselines_pkey" PRIMARY KEY ("camera_id","hour","day_of_week")
);

-- CreateTable
CREATE TABLE "class_baselines" (
    "camera_id" VARCHAR(100) NOT NULL,
    "object_class" VARCHAR(50) NOT NULL,
    "hour" INTEGER NOT NULL,
    "frequency" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sample_count" INTEGER NOT NULL DEFAULT 0,
    "last_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "class_baselines_pkey" PRIMARY KEY ("camera_id","object_class","hour")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" VARCHAR(100) NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" SERIAL NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" VARCHAR(50) NOT NULL,
    "resource_type" VARCHAR(50) NOT NULL,
    "resource_id" VARCHAR(255),
    "actor" VARCHAR(100) NOT NULL DEFAULT 'system',
    "ip_address" VARCHAR(45),
    "details" JSONB,
    "status" VARCHAR(20) NOT NULL DEFAULT 'success',

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cameras_name_key" ON "cameras"("name");

-- CreateIndex
CREATE UNIQUE INDEX "cameras_folder_path_key" ON "cameras"("folder_path");

-- CreateIndex
CREATE INDEX "cameras_status_idx" ON "cameras"("status");

-- CreateIndex
CREATE INDEX "detections_camera_id_detected_at_id_idx" ON "detections"("camera_id", "detected_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "detections_detected_at_id_idx" ON "detections"("detected_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "detections_object_type_idx" ON "detections"("object_type");

-- CreateIndex
CREATE UNIQUE INDEX "detections_file_hash_box_index_key" ON "detections"("file_hash", "box_index");

-- CreateIndex
CREATE UNIQUE INDEX "events_batch_id_key" ON "events"("batch_id");

-- CreateIndex
CREATE INDEX "events_started_at_id_idx" ON "events"("started_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "events_camera_id_started_at_id_idx" ON "events"("camera_id", "started_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "events_risk_level_started_at_id_idx" ON "events"("risk_level", "started_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "events_camera_id_risk_level_started_at_id_idx" ON "events"("camera_id", "risk_level", "started_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_detections_detection_id_idx" ON "event_detections"("detection_id");

-- CreateIndex
CREATE UNIQUE INDEX "zones_camera_id_name_key" ON "zones"("camera_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_name_key" ON "alert_rules"("name");

-- CreateIndex
CREATE INDEX "alerts_dedup_key_created_at_idx" ON "alerts"("dedup_key", "created_at" DESC);

-- CreateIndex
CREATE INDEX "alerts_status_created_at_idx" ON "alerts"("status", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alerts_event_id_rule_id_key" ON "alerts"("event_id", "rule_id");

-- CreateIndex
CREATE INDEX "audit_logs_timestamp_idx" ON "audit_logs"("timestamp" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_resource_type_resource_id_idx" ON "audit_logs"("resource_type", "resource_id");

-- AddForeignKey
ALTER TABLE "detections" ADD CONSTRAINT "detections_camera_id_fkey" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_camera_id_fkey" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_detections" ADD CONSTRAINT "event_detections_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_detections" ADD CONSTRAINT "event_detections_detection_id_fkey" FOREIGN KEY ("detection_id") REFERENCES "detections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zones" ADD CONSTRAINT "zones_camera_id_fkey" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_baselines" ADD CONSTRAINT "activity_baselines_camera_id_fkey" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_baselines" ADD CONSTRAINT "class_baselines_camera_id_fkey" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE ON UPDATE CASCADE;

