import type { PrismaClient } from '@secpipe/core';

/** What every channel says about one alert. */
export interface NotificationContent {
  alert: { id: string; severity: string; status: string; rule_id: string | null; rule_name: string | null; created_at: string };
  event: { id: number; camera_id: string; camera_name: string; risk_score: number; risk_level: string; summary: string; reasoning: string; started_at: string; object_types: string[] };
  /** Absolute link to the event's thumbnail, or null. */
  thumbnail_link: string | null;
}

interface ContentRow {
  alert_id: string;
  severity: string;
  status: string;
  rule_id: string | null;
  rule_name: string | null;
  alert_created_at: Date;
  event_id: number;
  camera_id: string;
  camera_name: string;
  risk_score: number;
  risk_level: string;
  summary: string;
  reasoning: string;
  started_at: Date;
  object_types: string[];
  thumbnail_url: string | null;
}

/** Loads an alert with its event and camera in one query; null when the alert is gone. */
export async function loadNotificationContent(prisma: PrismaClient, alertId: string, publicBaseUrl: string): Promise<NotificationContent | null> {
  const rows = await prisma.$queryRaw<ContentRow[]>`
    SELECT a.id::text AS alert_id, a.severity::text AS severity, a.status::text AS status, a.rule_id::text AS rule_id,
      r.name AS rule_name, a.created_at AS alert_created_at, e.id AS event_id, e.camera_id, c.name AS camera_name,
      e.risk_score, e.risk_level::text AS risk_level, e.summary, e.reasoning, e.started_at, e.object_types, e.thumbnail_url
    FROM alerts a
    JOIN events e ON e.id = a.event_id
    JOIN cameras c ON c.id = e.camera_id
    LEFT JOIN alert_rules r ON r.id = a.rule_id
    WHERE a.id = ${alertId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  return {
    alert: { id: row.alert_id, severity: row.severity, status: row.status, rule_id: row.rule_id, rule_name: row.rule_name, created_at: new Date(row.alert_created_at).toISOString() },
    event: {
      id: row.event_id,
      camera_id: row.camera_id,
      camera_name: row.camera_name,
      risk_score: row.risk_score,
      risk_level: row.risk_level,
      summary: row.summary,
      reasoning: row.reasoning,
      started_at: new Date(row.started_at).toISOString(),
      object_types: row.object_types,
    },
    thumbnail_link: row.thumbnail_url ? new URL(row.thumbnail_url, publicBaseUrl).toString() : null,
  };
}

/** "[HIGH] Front Door: Person at the entry point ..." */
export const notificationTitle = (c: NotificationContent) => `[${c.alert.severity.toUpperCase()}] ${c.event.camera_name}: ${c.event.summary}`;
