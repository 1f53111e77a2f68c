import type { EventFacts, RiskLevelName } from '@secpipe/core';
import type { Assessment } from '../assessment/assessment';
import type { Batch } from '../assessment/batch';
import { preparedStatement, runPrepared, type SqlPool } from '../db/preparedStatement';

/**
 * The parts of a stored event the analyzer publishes and evaluates rules on: the event's own
 * columns plus the facts of its linked detections that alert rules read (the same as
 * `loadEventFacts`), read in the statement that writes or finds the event.
 */
export interface StoredEvent extends EventFacts {
  id: number;
  batch_id: string;
  camera_name: string;
  risk_level: RiskLevelName;
  summary: string;
  reasoning: string;
  thumbnail_url: string | null;
}

export interface SavedEvent {
  event: StoredEvent;
  /** False when the batch already had its event (a redelivered job). */
  created: boolean;
}

type EventRow = Omit<StoredEvent, 'zone_ids'> & { zone_ids: string[] | null };

/** The event columns of `events` (one row per event) with the rule facts of the detections in `links`. */
const eventWithFacts = (events: string, links: string) => `
  SELECT e.id, e.batch_id, e.camera_id, COALESCE(c.name, e.camera_id) AS camera_name, e.risk_score, e.risk_level::text AS risk_level,
    e.summary, e.reasoning, e.started_at, COALESCE(e.object_types, '{}') AS object_types, e.thumbnail_url,
    facts.max_confidence, facts.zone_ids, EXISTS (SELECT 1 FROM scene_changes s WHERE s.event_id = e.id) AS scene_change
  FROM ${events} e
  LEFT JOIN cameras c ON c.id = e.camera_id
  CROSS JOIN LATERAL (
    SELECT max(d.confidence)::float8 AS max_confidence,
      array_agg(DISTINCT z.zone_id) FILTER (WHERE z.zone_id IS NOT NULL) AS zone_ids
    FROM ${links} l
    JOIN detections d ON d.id = l.detection_id
    LEFT JOIN LATERAL jsonb_array_elements_text(
      CASE WHEN jsonb_typeof(d.enrichment_data -> 'zone_ids') = 'array' THEN d.enrichment_data -> 'zone_ids' ELSE '[]'::jsonb END
    ) AS z(zone_id) ON true
  ) facts`;

const FIND_BY_BATCH = preparedStatement<EventRow>(
  'find_event_by_batch',
  `${eventWithFacts('events', '(SELECT detection_id FROM event_detections WHERE event_id = e.id)')}
   WHERE e.batch_id = $1`,
);

// One statement, so one implicit transaction and one round trip: the event, its links, and the
// row back with the facts of the detections it linked. A conflicting batch_id inserts nothing
// and links nothing. (A data-modifying CTE's rows are visible only through its RETURNING.)
const INSERT_EVENT = preparedStatement<EventRow>(
  'insert_event',
  `WITH inserted AS (
     INSERT INTO events (batch_id, camera_id, started_at, ended_at, risk_score, risk_level, summary, reasoning,
       is_fast_path, detection_count, object_types, thumbnail_url, analysis_source, model_name, prompt_version,
       analysis_latency_ms, close_reason, analysis_error, raw_llm_answer, raw_llm_answer_expires_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::"RiskLevel", $7, $8, $9, $10, $11::text[], $12, $13::"AnalysisSource",
       $14, $15, $16, $17, $18, $19, $20, now())
     ON CONFLICT (batch_id) DO NOTHING
     RETURNING *
   ), linked AS (
     INSERT INTO event_detections (event_id, detection_id)
     SELECT inserted.id, d FROM inserted, unnest($21::int[]) AS d
     WHERE NOT EXISTS (SELECT 1 FROM event_detections x WHERE x.detection_id = d)
     ON CONFLICT DO NOTHING
     RETURNING detection_id
   )
   ${eventWithFacts('inserted', 'linked')}`,
);

const storedEvent = (row: EventRow): StoredEvent => ({ ...row, zone_ids: row.zone_ids ?? [] });

/** The thumbnail of an event: its first detection's, as the API serves it. */
export const thumbnailUrlFor = (batch: Batch) => `/api/detections/${batch.detections[0].id}/thumbnail`;

/** Events, written once per batch: the unique batch_id makes a redelivered job a no-op. */
export class EventStore {
  constructor(
    private readonly pool: SqlPool,
    private readonly rawAnswerRetentionHours: number,
  ) {}

  async findByBatch(batchId: string): Promise<StoredEvent | null> {
    const [row] = await runPrepared(this.pool, FIND_BY_BATCH, [batchId]);
    return row ? storedEvent(row) : null;
  }

  /**
   * Inserts the event and links its detections atomically. A detection belongs to one
   * event: one already linked to another event stays there.
   */
  async save(batch: Batch, assessment: Assessment, now = new Date()): Promise<SavedEvent> {
    const objectTypes = [...new Set(batch.detections.map((d) => d.object_type))];
    const ids = batch.detections.map((d) => d.id);
    const keepRaw = assessment.raw_answer !== null && this.rawAnswerRetentionHours > 0;
    const expires = keepRaw ? new Date(now.getTime() + this.rawAnswerRetentionHours * 3_600_000) : null;
    const [inserted] = await runPrepared(this.pool, INSERT_EVENT, [
      batch.batch_id,
      batch.camera_id,
      batch.started_at,
      batch.ended_at,
      assessment.risk_score,
      assessment.risk_level,
      assessment.summary,
      assessment.reasoning,
      batch.is_fast_path,
      ids.length,
      objectTypes,
      thumbnailUrlFor(batch),
      assessment.source,
      assessment.model_name,
      assessment.prompt_version,
      Math.round(assessment.latency_ms),
      batch.close_reason,
      assessment.error,
      keepRaw ? assessment.raw_answer : null,
      expires,
      ids,
    ]);
    if (inserted) return { event: storedEvent(inserted), created: true };
    return { event: (await this.findByBatch(batch.batch_id))!, created: false };
  }

  /** Clears raw LLM answers past their retention; the events themselves stay. */
  async expireRawAnswers(now = new Date()): Promise<number> {
    const result = await this.pool.query(
      `UPDATE events SET raw_llm_answer = NULL, raw_llm_answer_expires_at = NULL
       WHERE raw_llm_answer_expires_at IS NOT NULL AND raw_llm_answer_expires_at <= $1`,
      [now],
    );
    return result.rowCount ?? 0;
  }
}
