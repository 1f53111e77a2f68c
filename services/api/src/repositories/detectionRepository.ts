import { Prisma, type PrismaClient } from '@secpipe/core';
import type { Page } from '../http/pagination';
import { toDetectionJson, type DetectionFilters, type DetectionJson, type DetectionRow } from '../schemas/detections';
import { afterCursor, countMatches, keysetPage, whereClause } from './listPage';
import type { SqlReader } from './sqlReader';

const DETECTION_COLUMNS = Prisma.sql`d.id, d.camera_id, d.file_path, d.file_type, d.detected_at, d.object_type, d.confidence,
  d.bbox_x, d.bbox_y, d.bbox_width, d.bbox_height, d.image_width, d.image_height, d.thumbnail_path, d.media_type,
  d.video_path, d.frame_offset, d.duration, d.video_codec, d.video_width, d.video_height, d.enrichment_data`;

function filterConditions(filters: Omit<DetectionFilters, 'limit' | 'offset' | 'cursor'>): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.camera_id) conditions.push(Prisma.sql`d.camera_id = ${filters.camera_id}`);
  if (filters.object_type) conditions.push(Prisma.sql`d.object_type = ${filters.object_type}`);
  if (filters.start_date) conditions.push(Prisma.sql`d.detected_at >= ${filters.start_date}::timestamptz`);
  if (filters.end_date) conditions.push(Prisma.sql`d.detected_at <= ${filters.end_date}::timestamptz`);
  // Compared as real, the column's type: 0.7::real is 0.69999999, which `>= 0.7` would drop.
  if (filters.min_confidence !== undefined) conditions.push(Prisma.sql`d.confidence >= ${filters.min_confidence}::real`);
  return conditions;
}

/** Detections newest first, keyset-paginated on (detected_at DESC, id DESC). */
export async function listDetections(sql: SqlReader, query: DetectionFilters): Promise<Page<DetectionJson>> {
  const filters = filterConditions(query);
  const pageWhere = whereClause([...filters, ...afterCursor(Prisma.sql`d.detected_at`, Prisma.sql`d.id`, query.cursor)]);
  const [rows, total] = await Promise.all([
    sql.rows<DetectionRow>(Prisma.sql`
      SELECT ${DETECTION_COLUMNS} FROM detections d ${pageWhere}
      ORDER BY d.detected_at DESC, d.id DESC LIMIT ${query.limit + 1}::int OFFSET ${query.offset}::int`),
    countMatches(sql, Prisma.sql`FROM detections d ${whereClause(filters)}`),
  ]);
  return keysetPage(rows, total, query, (row) => ({ at: new Date(row.detected_at), id: row.id }), toDetectionJson);
}

export interface DetectionStats {
  total_detections: number;
  detections_by_class: Record<string, number>;
  average_confidence: number | null;
}

export async function detectionStats(prisma: PrismaClient, cameraId: string | undefined): Promise<DetectionStats> {
  const where = whereClause(filterConditions({ camera_id: cameraId }));
  const rows = await prisma.$queryRaw<Array<{ object_type: string; n: number; confidence_sum: number }>>`
    SELECT d.object_type, count(*)::int AS n, sum(d.confidence)::float8 AS confidence_sum
    FROM detections d ${where} GROUP BY d.object_type ORDER BY n DESC, d.object_type`;
  const total = rows.reduce((sum, row) => sum + row.n, 0);
  const confidenceSum = rows.reduce((sum, row) => sum + row.confidence_sum, 0);
  return {
    total_detections: total,
    detections_by_class: Object.fromEntries(rows.map((row) => [row.object_type, row.n])),
    average_confidence: total ? Math.round((confidenceSum / total) * 10_000) / 10_000 : null,
  };
}

/** The detections grouped into one event, oldest first. */
export async function detectionsOfEvent(prisma: PrismaClient, eventId: number, page: { limit: number; offset: number }) {
  const [rows, [{ n }]] = await Promise.all([
    prisma.$queryRaw<DetectionRow[]>`
      SELECT ${DETECTION_COLUMNS} FROM event_detections ed JOIN detections d ON d.id = ed.detection_id
      WHERE ed.event_id = ${eventId}::int ORDER BY d.detected_at, d.id LIMIT ${page.limit} OFFSET ${page.offset}`,
    prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM event_detections WHERE event_id = ${eventId}::int`,
  ]);
  return { items: rows.map(toDetectionJson), total: n };
}
