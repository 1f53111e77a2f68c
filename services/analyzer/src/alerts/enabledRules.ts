import type { AlertRule } from '@secpipe/core';
import { preparedStatement, runPrepared, type SqlPool } from '../db/preparedStatement';

/** The columns of an alert rule that evaluating it and raising its alert read. */
export type EnabledRule = Pick<
  AlertRule,
  'id' | 'name' | 'severity' | 'risk_threshold' | 'object_types' | 'camera_ids' | 'zone_ids' | 'min_confidence' | 'schedule' | 'scene_change' | 'dedup_key_template' | 'cooldown_seconds' | 'channels'
>;

const ENABLED_RULES = preparedStatement<EnabledRule>(
  'enabled_rules',
  `SELECT id::text AS id, name, severity::text AS severity, risk_threshold, object_types, camera_ids, zone_ids,
     min_confidence, schedule, scene_change, dedup_key_template, cooldown_seconds, channels
   FROM alert_rules WHERE enabled ORDER BY created_at, id`,
);

/** The enabled alert rules, oldest first: read on every event, so a rule change applies to the next one. */
export class EnabledRules {
  constructor(private readonly pool: SqlPool) {}

  load(): Promise<EnabledRule[]> {
    return runPrepared(this.pool, ENABLED_RULES, []);
  }
}
