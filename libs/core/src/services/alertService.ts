import type { Alert, AlertStatus, PrismaClient } from '../db/prisma';
import { auditedChange, type AuditWriter } from './auditTrail';
import { InvalidTransitionError, NotFoundError } from './domainErrors';

/** The statuses each alert transition may start from (CONTRACT.md "Alert"). */
export const ALERT_TRANSITIONS = {
  acknowledge: { from: ['pending', 'delivered'], to: 'acknowledged' },
  dismiss: { from: ['pending', 'delivered', 'acknowledged'], to: 'dismissed' },
} as const satisfies Record<string, { from: readonly AlertStatus[]; to: AlertStatus }>;

export type AlertTransition = keyof typeof ALERT_TRANSITIONS;

/**
 * Alert state changes, shared by the API and the workers. Repeating a transition that already
 * happened answers the alert as it is (idempotent); any other status is an invalid transition.
 * The conditional update keeps concurrent transitions safe.
 */
export class AlertService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
  ) {}

  acknowledge(id: string): Promise<Alert> {
    return this.transition(id, 'acknowledge');
  }

  dismiss(id: string): Promise<Alert> {
    return this.transition(id, 'dismiss');
  }

  private transition(id: string, name: AlertTransition): Promise<Alert> {
    const { from, to } = ALERT_TRANSITIONS[name];
    const entry = { action: `alert.${name}`, resource_type: 'alert', resource_id: id, details: { status: to } as Record<string, unknown> };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const { count } = await db.alert.updateMany({ where: { id, status: { in: [...from] } }, data: { status: to } });
      const alert = await db.alert.findUnique({ where: { id } });
      if (!alert) throw new NotFoundError('Alert', id);
      if (count === 0 && alert.status !== to) throw new InvalidTransitionError('Alert', alert.status, to);
      entry.details = { status: to, changed: count > 0 };
      return alert;
    });
  }
}
