import type { PrismaClient, RiskLevelName } from '@secpipe/core';
import type { Assessment } from '../assessment/assessment';
import type { Batch } from '../assessment/batch';

/** The parts of a stored event the analyzer publishes and evaluates rules on. */
export interface StoredEvent {
  id: number;
  batch_id: string;
  camera_id: string;
  risk_score: number;
  risk_level: RiskLevelName;
  summary: string;
  reasoning: string;
  started_at: Date;
  object_types: string[];
  thumbnail_url: string | null;
}

export interface SavedEvent {
  event: StoredEvent;
  /** False when the batch already had its event (a redelivered job). */
  created: boolean;
}

const EVENT_COLUMNS = 'id, batch_id, camera_id, risk_score, risk_level::text AS risk_level, summary, reasoning, started_at, object_types, thumbnail_url';

/** The thumbnail of an event: its first detection's, as the API serves it. */
export const thumbnailUrlFor = (batch: Batch) => `/api/detections/${batch.detections[0].id}/thumbnail`;

/** Events, written once per batch: the unique batch_id makes a redelivered job a no-op. */
export class EventStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly rawAnswerRetentionHours: number,
  ) {}

  async findByBatch(batchId: string): Promise<StoredEvent | null> {
    const rows = await this.prisma.$queryRawUnsafe<StoredEvent[]>(`SELECT ${EVENT_COLUMNS} FROM events WHERE batch_id = $1`, batchId);
    return rows[0] ?? null;
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
    // One statement, so one implicit transaction and one round trip: the event, its links and
    // the row back. A conflicting batch_id inserts nothing and links nothing.
    const inserted = await this.prisma.$queryRawUnsafe<StoredEvent[]>(
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
      )
      SELECT ${EVENT_COLUMNS} FROM inserted`,
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
    );
    if (inserted[0]) return { event: inserted[0], created: true };
    return { event: (await this.findByBatch(batch.batch_id))!, created: false };
  }

  /** Clears raw LLM answers past their retention; the events themselves stay. */
  async expireRawAnswers(now = new Date()): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE events SET raw_llm_answer = NULL, raw_llm_answer_expires_at = NULL
      WHERE raw_llm_answer_expires_at IS NOT NULL AND raw_llm_answer_expires_at <= ${now}`;
  }
}
