import { randomUUID } from 'node:crypto';
import type { AlertSeverity } from '@secpipe/core';
import { preparedStatement, runPrepared, type SqlPool } from '../db/preparedStatement';

export interface StoredAlert {
  id: string;
  event_id: number;
  rule_id: string | null;
  severity: AlertSeverity;
  status: 'pending' | 'delivered' | 'acknowledged' | 'dismissed';
  dedup_key: string;
  channels: string[];
  metadata: unknown;
  created_at: Date;
  updated_at: Date;
}

export interface NewAlert {
  event_id: number;
  rule_id: string;
  severity: AlertSeverity;
  dedup_key: string;
  channels: string[];
  metadata: Record<string, unknown>;
  /** Insert as delivered (nothing left to deliver beyond the live message). */
  delivered: boolean;
}

const ALERT_COLUMNS = 'id::text AS id, event_id, rule_id::text AS rule_id, severity::text AS severity, status::text AS status, dedup_key, channels, metadata, created_at, updated_at';

const FIND_ALERT = preparedStatement<StoredAlert>('find_alert', `SELECT ${ALERT_COLUMNS} FROM alerts WHERE event_id = $1 AND rule_id = $2::uuid`);

const ALERTS_OF_EVENT = preparedStatement<StoredAlert>('alerts_of_event', `SELECT ${ALERT_COLUMNS} FROM alerts WHERE event_id = $1 AND rule_id IS NOT NULL`);

const INSERT_ALERT = preparedStatement<StoredAlert>(
  'insert_alert',
  `INSERT INTO alerts (id, event_id, rule_id, severity, dedup_key, channels, metadata, status, delivered_at, updated_at)
   VALUES ($1::uuid, $2, $3::uuid, $4::"AlertSeverity", $5, $6::text[], $7::jsonb,
     CASE WHEN $8::boolean THEN 'delivered' ELSE 'pending' END::"AlertStatus", CASE WHEN $8::boolean THEN now() END, now())
   ON CONFLICT (event_id, rule_id) DO NOTHING
   RETURNING ${ALERT_COLUMNS}`,
);

/** Alerts: at most one per (event, rule), enforced by the table's unique constraint. */
export class AlertStore {
  constructor(private readonly pool: SqlPool) {}

  async find(eventId: number, ruleId: string): Promise<StoredAlert | null> {
    const [row] = await runPrepared(this.pool, FIND_ALERT, [eventId, ruleId]);
    return row ?? null;
  }

  /** The event's alerts by rule id (one query for all rules). */
  async forEvent(eventId: number): Promise<Map<string, StoredAlert>> {
    const rows = await runPrepared(this.pool, ALERTS_OF_EVENT, [eventId]);
    return new Map(rows.map((row) => [row.rule_id!, row]));
  }

  /** Inserts unless the pair exists; `created` says which. */
  async insert(alert: NewAlert): Promise<{ alert: StoredAlert; created: boolean }> {
    const [inserted] = await runPrepared(this.pool, INSERT_ALERT, [
      randomUUID(),
      alert.event_id,
      alert.rule_id,
      alert.severity,
      alert.dedup_key,
      alert.channels,
      JSON.stringify(alert.metadata),
      alert.delivered,
    ]);
    if (inserted) return { alert: inserted, created: true };
    return { alert: (await this.find(alert.event_id, alert.rule_id))!, created: false };
  }
}

