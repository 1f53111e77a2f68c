import { Prisma, type PrismaClient } from '../../db/prisma';
import type { EventFacts } from './ruleEvaluator';

export interface EventFactsRow extends EventFacts {
  id: number;
}

/**
 * The facts a rule is evaluated on, for the given events or the most recent ones: score,
 * camera, object types, start, the best detection confidence and the zones the detections
 * fell in (`enrichment_data.zone_ids`, as the enrichment service records them).
 */
export async function loadEventFacts(prisma: Pick<PrismaClient, '$queryRaw'>, selection: { eventIds?: number[]; limit: number }): Promise<EventFactsRow[]> {
  const where = selection.eventIds ? Prisma.sql`WHERE e.id = ANY(${selection.eventIds}::int[])` : Prisma.empty;
  const rows = await prisma.$queryRaw<Array<EventFactsRow & { zone_ids: string[] | null }>>`
    SELECT e.id, e.camera_id, e.risk_score, COALESCE(e.object_types, '{}') AS object_types, e.started_at,
      facts.max_confidence, facts.zone_ids, EXISTS (SELECT 1 FROM scene_changes s WHERE s.event_id = e.id) AS scene_change
    FROM (SELECT * FROM events e ${where} ORDER BY e.started_at DESC, e.id DESC LIMIT ${selection.limit}) e
    LEFT JOIN LATERAL (
      SELECT max(d.confidence)::float8 AS max_confidence,
        array_agg(DISTINCT z.zone_id) FILTER (WHERE z.zone_id IS NOT NULL) AS zone_ids
      FROM event_detections ed
      JOIN detections d ON d.id = ed.detection_id
      LEFT JOIN LATERAL jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(d.enrichment_data -> 'zone_ids') = 'array' THEN d.enrichment_data -> 'zone_ids' ELSE '[]'::jsonb END
      ) AS z(zone_id) ON true
      WHERE ed.event_id = e.id
    ) facts ON true
    ORDER BY e.started_at DESC, e.id DESC`;
  return rows.map((row) => ({ ...row, started_at: new Date(row.started_at), zone_ids: row.zone_ids ?? [] }));
}
