import { z } from 'zod';
import { booleanQuery, cameraIdParam, dateRangeIsOrdered, dateRangeMessage, isoDateQuery, pageOf, paginationQuery, timestamp } from './common';

export const detectionSchema = z
  .object({
    id: z.int(),
    camera_id: z.string(),
    file_path: z.string(),
    file_type: z.string().nullable(),
    detected_at: timestamp(),
    object_type: z.string(),
    confidence: z.number().min(0).max(1),
    bbox_x: z.int().openapi({ description: 'Left edge in pixels of the original image' }),
    bbox_y: z.int().openapi({ description: 'Top edge in pixels of the original image' }),
    bbox_width: z.int(),
    bbox_height: z.int(),
    thumbnail_path: z.string().nullable(),
    media_type: z.string().openapi({ description: '`image` (a snapshot) or `video` (a frame ingest took from an uploaded clip)' }),
    video_path: z.string().nullable().openapi({ description: 'The clip this frame came from (`GET /api/detections/{id}/video`); null for snapshots' }),
    frame_offset: z.number().nullable().openapi({ description: 'Seconds from the start of the clip to this frame' }),
    duration: z.number().nullable().openapi({ description: 'Length of the clip in seconds' }),
    video_codec: z.string().nullable(),
    video_width: z.int().nullable(),
    video_height: z.int().nullable(),
    enrichment_data: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('Detection');
export type DetectionJson = z.input<typeof detectionSchema>;

export const detectionPageSchema = pageOf(detectionSchema, 'DetectionPage');

export const detectionListQuery = paginationQuery
  .extend({
    camera_id: cameraIdParam().optional(),
    object_type: z.string().min(1).max(50).optional(),
    start_date: isoDateQuery().optional(),
    end_date: isoDateQuery().optional(),
    min_confidence: z.coerce.number().min(0).max(1).optional(),
  })
  .refine(dateRangeIsOrdered, dateRangeMessage);
export type DetectionFilters = z.output<typeof detectionListQuery>;

export const detectionStatsQuery = z.object({ camera_id: cameraIdParam().optional() });

export const detectionStatsSchema = z
  .object({
    total_detections: z.int().min(0),
    detections_by_class: z.record(z.string(), z.int().min(0)),
    average_confidence: z.number().nullable().openapi({ description: 'Null when there are no detections' }),
  })
  .openapi('DetectionStats');

export const detectionImageQuery = z.object({ full: booleanQuery().optional() });

/** The columns of a detection as the API reads them (raw SQL and Prisma alike). */
export interface DetectionRow {
  id: number;
  camera_id: string;
  file_path: string;
  file_type: string | null;
  detected_at: Date;
  object_type: string;
  confidence: number;
  bbox_x: number;
  bbox_y: number;
  bbox_width: number;
  bbox_height: number;
  image_width: number | null;
  image_height: number | null;
  thumbnail_path: string | null;
  media_type: string;
  video_path: string | null;
  frame_offset: number | null;
  duration: number | null;
  video_codec: string | null;
  video_width: number | null;
  video_height: number | null;
  enrichment_data: unknown;
}

export function toDetectionJson(row: DetectionRow): DetectionJson {
  return {
    id: row.id,
    camera_id: row.camera_id,
    file_path: row.file_path,
    file_type: row.file_type,
    detected_at: new Date(row.detected_at).toISOString(),
    object_type: row.object_type,
    confidence: row.confidence,
    bbox_x: row.bbox_x,
    bbox_y: row.bbox_y,
    bbox_width: row.bbox_width,
    bbox_height: row.bbox_height,
    thumbnail_path: row.thumbnail_path,
    media_type: row.media_type,
    video_path: row.video_path,
    frame_offset: row.frame_offset,
    duration: row.duration,
    video_codec: row.video_codec,
    video_width: row.video_width,
    video_height: row.video_height,
    enrichment_data: (row.enrichment_data ?? null) as Record<string, unknown> | null,
  };
}
