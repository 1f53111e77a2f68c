import { Prisma, type PrismaClient } from '@secpipe/core';
import type { Page } from '../http/pagination';
import { toEventJson, type EventFilters, type EventJson, type EventRow, type EventStats, type EventStatsFilters } from '../schemas/events';
import { afterCursor, countMatches, keysetPage, whereClause } from './listPage';
import type { SqlReader } from './sqlReader';

const EVENT_COLUMNS = Prisma.sql`e.id, e.batch_id, e.camera_id, e.started_at, e.ended_at, e.risk_score, e.risk_level::text AS risk_level,
  e.summary, e.reasoning, e.reviewed, e.notes, e.is_fast_path, e.detection_count, e.object_types, e.thumbnail_url,
  e.analysis_source::text AS analysis_source`;

/** Ids of the event's detections, computed only for the rows of the page. */
const DETECTION_IDS = Prisma.sql`COALESCE((SELECT array_agg(ed.detection_id ORDER BY ed.detection_id)
  FROM event_detections ed WHERE ed.event_id = p.id), '{}') AS detection_ids`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

type FilterFields = Partial<Omit<EventFilters, 'limit' | 'offset' | 'cursor'>>;

function filterConditions(filters: FilterFields): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.camera_id) conditions.push(Prisma.sql`e.camera_id = ${filters.camera_id}`);
  if (filters.risk_level) conditions.push(Prisma.sql`e.risk_level = ${filters.risk_level}::"RiskLevel"`);
  if (filters.start_date) conditions.push(Prisma.sql`e.started_at >= ${filters.start_date}::timestamptz`);
  if (filters.end_date) conditions.push(Prisma.sql`e.started_at <= ${filters.end_date}::timestamptz`);
  if (filters.reviewed !== undefined) conditions.push(Prisma.sql`e.reviewed = ${filters.reviewed}::boolean`);
  if (filters.object_type) conditions.push(Prisma.sql`e.object_types @> ARRAY[${filters.object_type}]::text[]`);
  if (filters.q) {
    // The generated search_vector (GIN) covers summary, reasoning and object types; camera
    // names match by substring (trigram index). websearch_to_tsquery accepts any user text.
    conditions.push(Prisma.sql`(e.search_vector @@ websearch_to_tsquery('english', ${filters.q})
      OR e.camera_id = ANY(ARRAY(SELECT c.id FROM cameras c WHERE c.name ILIKE ${`%${escapeLike(filters.q)}%`})))`);
  }
  return conditions;
}

/** Events newest first, keyset-paginated on (started_at DESC, id DESC). */
export async function listEvents(sql: SqlReader, query: EventFilters): Promise<Page<EventJson>> {
  const filters = filterConditions(query);
  const pageWhere = whereClause([...filters, ...afterCursor(Prisma.sql`e.started_at`, Prisma.sql`e.id`, query.cursor)]);
  const [rows, total] = await Promise.all([
    sql.rows<EventRow>(Prisma.sql`
      SELECT p.*, ${DETECTION_IDS} FROM (
        SELECT ${EVENT_COLUMNS} FROM events e ${pageWhere}
        ORDER BY e.started_at DESC, e.id DESC LIMIT ${query.limit + 1}::int OFFSET ${query.offset}::int
      ) p ORDER BY p.started_at DESC, p.id DESC`),
    countMatches(sql, Prisma.sql`FROM events e ${whereClause(filters)}`),
  ]);
  return keysetPage(rows, total, query, (row) => ({ at: new Date(row.started_at), id: row.id }), toEventJson);
}

export async function findEvent(sql: SqlReader, id: number): Promise<EventJson | null> {
  const [row] = await sql.rows<EventRow>(Prisma.sql`
    SELECT p.*, ${DETECTION_IDS} FROM (SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ${id}::int) p`);
  return row ? toEventJson(row) : null;
}

export async function eventStats(prisma: PrismaClient, filters: EventStatsFilters): Promise<EventStats> {
  const rows = await prisma.$queryRaw<Array<{ camera_id: string; camera_name: string; risk_level: keyof EventStats['events_by_risk_level']; n: number }>>`
    SELECT g.camera_id, c.name AS camera_name, g.risk_level, g.n FROM (
      SELECT e.camera_id, e.risk_level::text AS risk_level, count(*)::int AS n
      FROM events e ${whereClause(filterConditions(filters))} GROUP BY e.camera_id, e.risk_level
    ) g JOIN cameras c ON c.id = g.camera_id`;
  const byLevel = { low: 0, medium: 0, high: 0, critical: 0 };
  const byCamera = new Map<string, { camera_id: string; camera_name: string; event_count: number }>();
  for (const row of rows) {
    byLevel[row.risk_level] += row.n;
    const camera = byCamera.get(row.camera_id) ?? { camera_id: row.camera_id, camera_name: row.camera_name, event_count: 0 };
    camera.event_count += row.n;
    byCamera.set(row.camera_id, camera);
  }
  const cameras = [...byCamera.values()].sort((a, b) => b.event_count - a.event_count || a.camera_id.localeCompare(b.camera_id));
  return {
    total_events: rows.reduce((sum, row) => sum + row.n, 0),
    events_by_risk_level: byLevel,
    events_by_camera: cameras,
  };
}
