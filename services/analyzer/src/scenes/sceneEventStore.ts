import type { RiskLevelName } from '@secpipe/core';
import { preparedStatement, runPrepared, type SqlPool } from '../db/preparedStatement';

/** A scene change as its event is written from it. */
export interface SceneChangeRow {
  id: number;
  camera_id: string;
  camera_name: string;
  kind: string;
  similarity: number;
  detected_at: Date;
  event_id: number | null;
}

const LOAD_SCENE_CHANGE = preparedStatement<SceneChangeRow>(
  'load_scene_change',
  `SELECT s.id, s.camera_id, COALESCE(c.name, s.camera_id) AS camera_name, s.kind, s.similarity, s.detected_at, s.event_id
   FROM scene_changes s LEFT JOIN cameras c ON c.id = s.camera_id WHERE s.id = $1`,
);

// One statement: the event (no detections; batch_id scene_change_<id> makes it once per change)
// and the change's link to it. A conflicting batch_id inserts nothing and links nothing.
const INSERT_SCENE_EVENT = preparedStatement<{ id: number }>(
  'insert_scene_event',
  `WITH inserted AS (
     INSERT INTO events (batch_id, camera_id, started_at, ended_at, risk_score, risk_level, summary, reasoning,
       is_fast_path, detection_count, object_types, analysis_source, updated_at)
     VALUES ($1, $2, $3, $3, $4, $5::"RiskLevel", $6, $7, false, 0, '{}', 'rules'::"AnalysisSource", now())
     ON CONFLICT (batch_id) DO NOTHING
     RETURNING id
   )
   UPDATE scene_changes s SET event_id = inserted.id FROM inserted WHERE s.id = $8 RETURNING inserted.id`,
);

export interface SceneEventInput {
  batchId: string;
  change: SceneChangeRow;
  riskScore: number;
  riskLevel: RiskLevelName;
  summary: string;
  reasoning: string;
}

/** Scene changes and the events raised for them. */
export class SceneEventStore {
  constructor(private readonly pool: SqlPool) {}

  async load(sceneChangeId: number): Promise<SceneChangeRow | null> {
    const [row] = await runPrepared(this.pool, LOAD_SCENE_CHANGE, [sceneChangeId]);
    return row ? { ...row, detected_at: new Date(row.detected_at) } : null;
  }

  /** Writes the event and links the change to it; false when the event existed already. */
  async insert(input: SceneEventInput): Promise<boolean> {
    const { change } = input;
    const rows = await runPrepared(this.pool, INSERT_SCENE_EVENT, [input.batchId, change.camera_id, change.detected_at, input.riskScore, input.riskLevel, input.summary, input.reasoning, change.id]);
    return rows.length > 0;
  }
}
