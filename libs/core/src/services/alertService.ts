import type { Alert, AlertStatus, PrismaClient } from '../db/prisma';
import type { MessageData } from '../domain/messageCatalog';
import { auditedChange, type AuditWriter } from './auditTrail';
import { InvalidTransitionError, NotFoundError } from './domainErrors';

/** The statuses each alert transition may start from (CONTRACT.md "Alert"). */
export const ALERT_TRANSITIONS = {
  acknowledge: { from: ['pending', 'delivered'], to: 'acknowledged' },
  dismiss: { from: ['pending', 'delivered', 'acknowledged'], to: 'dismissed' },
} as const satisfies Record<string, { from: readonly AlertStatus[]; to: AlertStatus }>;

export type AlertTransition = keyof typeof ALERT_TRANSITIONS;

/** Where a changed alert is announced (the live message catalog's `alert_*` messages). */
export interface AlertAnnouncer {
  announce(type: 'alert_created' | 'alert_acknowledged' | 'alert_dismissed', data: MessageData<'alert_created'>): Promise<unknown>;
}

const ANNOUNCED_AS = { acknowledge: 'alert_acknowledged', dismiss: 'alert_dismissed' } as const;

/** The columns of an alert row that its live messages carry. */
export type AlertMessageSource = Pick<Alert, 'id' | 'event_id' | 'rule_id' | 'severity' | 'status' | 'dedup_key' | 'created_at' | 'updated_at'>;

/** An alert row as the `alert_*` live messages carry it. */
export function alertMessageData(alert: AlertMessageSource): MessageData<'alert_created'> {
  return {
    id: alert.id,
    event_id: alert.event_id,
    rule_id: alert.rule_id,
    severity: alert.severity,
    status: alert.status,
    dedup_key: alert.dedup_key,
    created_at: alert.created_at.toISOString(),
    updated_at: alert.updated_at.toISOString(),
    ...(alert.status === 'acknowledged' ? { acknowledged_at: alert.updated_at.toISOString() } : {}),
    ...(alert.status === 'dismissed' ? { dismissed_at: alert.updated_at.toISOString() } : {}),
  };
}

/**
 * Alert state changes, shared by the API and the workers. Repeating a transition that already
 * happened answers the alert as it is (idempotent); any other status is an invalid transition.
 * The conditional update keeps concurrent transitions safe.
 */
export class AlertService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
    private readonly announcer?: AlertAnnouncer,
  ) {}

  acknowledge(id: string): Promise<Alert> {
    return this.transition(id, 'acknowledge');
  }

  dismiss(id: string): Promise<Alert> {
    return this.transition(id, 'dismiss');
  }

  /** Changes the status, then (after the commit, only when it changed) announces it. */
  private async transition(id: string, name: AlertTransition): Promise<Alert> {
    let changed = false;
    const alert = await this.change(id, name, (didChange) => (changed = didChange));
    // A live message that cannot be sent (Redis down) never undoes a committed change.
    if (changed) await this.announcer?.announce(ANNOUNCED_AS[name], alertMessageData(alert)).catch(() => undefined);
    return alert;
  }

  private change(id: string, name: AlertTransition, changed: (didChange: boolean) => void): Promise<Alert> {
    const { from, to } = ALERT_TRANSITIONS[name];
    const entry = { action: `alert.${name}`, resource_type: 'alert', resource_id: id, details: { status: to } as Record<string, unknown> };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const { count } = await db.alert.updateMany({ where: { id, status: { in: [...from] } }, data: { status: to } });
      const alert = await db.alert.findUnique({ where: { id } });
      if (!alert) throw new NotFoundError('Alert', id);
      if (count === 0 && alert.status !== to) throw new InvalidTransitionError('Alert', alert.status, to);
      entry.details = { status: to, changed: count > 0 };
      changed(count > 0);
      return alert;
    });
  }
}
