import { readEnrichmentData, type AnalysisJob } from '@secpipe/core';
import type { Batch } from '../assessment/batch';
import { preparedStatement, runPrepared, type SqlPool } from '../db/preparedStatement';

interface BatchRow {
  camera_name: string;
  event_exists: boolean;
  id: number | null;
  object_type: string | null;
  confidence: number | null;
  detected_at: Date | null;
  created_at: Date | null;
  enrichment_data: unknown;
}

const LOAD_BATCH = preparedStatement<BatchRow>(
  'load_batch',
  `SELECT c.name AS camera_name, EXISTS (SELECT 1 FROM events e WHERE e.batch_id = $1) AS event_exists, d.id, d.object_type, d.confidence::float8 AS confidence,
     d.detected_at, d.created_at, d.enrichment_data
   FROM cameras c
   LEFT JOIN detections d ON d.camera_id = c.id AND d.id = ANY($2::int[])
   WHERE c.id = $3
   ORDER BY d.detected_at, d.id`,
);

export type BatchLoad = { batch: Batch } | { skip: 'camera deleted' | 'detections deleted' } | { eventExists: true };

/**
 * Reads a closed batch's camera and detections (with their enrichment data) in one query, which
 * also says whether the batch already has its event (a redelivered job: nothing to assess).
 */
export class BatchRepository {
  constructor(private readonly pool: SqlPool) {}

  async load(job: AnalysisJob): Promise<BatchLoad> {
    const rows = await runPrepared(this.pool, LOAD_BATCH, [job.batch_id, job.detection_ids, job.camera_id]);
    if (rows[0]?.event_exists) return { eventExists: true };
    if (rows.length === 0) return { skip: 'camera deleted' };
    const detections = rows.flatMap((row) =>
      row.id === null
        ? []
        : [{ id: row.id, object_type: row.object_type!, confidence: row.confidence!, detected_at: new Date(row.detected_at!), created_at: new Date(row.created_at!), enrichment: readEnrichmentData(row.enrichment_data) }],
    );
    if (detections.length === 0) return { skip: 'detections deleted' };
    return {
      batch: {
        batch_id: job.batch_id,
        camera_id: job.camera_id,
        camera_name: rows[0].camera_name,
        started_at: detections[0].detected_at,
        ended_at: detections[detections.length - 1].detected_at,
        close_reason: job.close_reason,
        is_fast_path: job.is_fast_path,
        detections,
        context: job.context,
      },
    };
  }
}
