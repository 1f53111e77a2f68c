import { auditedChange, ConflictError, evaluateRule, isRecordMissing, isUniqueViolation, loadEventFacts, NotFoundError, type AlertRule, type AuditWriter, type PrismaClient, type RuleSchedule } from '@secpipe/core';
import type { z } from 'zod';
import type { AlertRuleTestResult, createAlertRuleBody, updateAlertRuleBody } from '../schemas/alerts';

type CreateRule = z.output<typeof createAlertRuleBody>;
type UpdateRule = z.output<typeof updateAlertRuleBody>;

const DUPLICATE = 'An alert rule with this name already exists';

/** Prisma wants an explicit JSON null for a nullable Json column. */
function ruleData<T extends { schedule?: RuleSchedule | null }>(body: T) {
  const { schedule, ...rest } = body;
  if (schedule === undefined) return rest;
  return { ...rest, schedule: schedule === null ? ('DbNull' as const) : schedule };
}

async function withPrismaErrors<T>(id: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(DUPLICATE);
    if (id && isRecordMissing(error)) throw new NotFoundError('Alert rule', id);
    throw error;
  }
}

/** Alert rule changes and dry runs, each audited with what it set or found. */
export class AlertRuleService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
  ) {}

  create(body: CreateRule): Promise<AlertRule> {
    const entry = { action: 'alert_rule.create', resource_type: 'alert_rule', resource_id: null as string | null, details: { ...body } };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const rule = await withPrismaErrors(null, () => db.alertRule.create({ data: ruleData(body) as never }));
      entry.resource_id = rule.id;
      return rule;
    });
  }

  update(id: string, body: UpdateRule): Promise<AlertRule> {
    const entry = { action: 'alert_rule.update', resource_type: 'alert_rule', resource_id: id, details: { ...body } };
    return auditedChange(this.prisma, this.audit, entry, (db) => withPrismaErrors(id, () => db.alertRule.update({ where: { id }, data: ruleData(body) as never })));
  }

  /** The rule's alerts stay, without the rule. */
  remove(id: string): Promise<void> {
    const entry = { action: 'alert_rule.delete', resource_type: 'alert_rule', resource_id: id };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const { count } = await db.alertRule.deleteMany({ where: { id } });
      if (count === 0) throw new NotFoundError('Alert rule', id);
    });
  }

  /** Evaluates the rule against the given events (or the most recent) without raising alerts. */
  test(id: string, selection: { event_ids?: number[]; limit: number }): Promise<AlertRuleTestResult> {
    const entry = { action: 'alert_rule.test', resource_type: 'alert_rule', resource_id: id, details: { ...selection } as Record<string, unknown> };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const rule = await db.alertRule.findUnique({ where: { id } });
      if (!rule) throw new NotFoundError('Alert rule', id);
      const criteria = { ...rule, schedule: (rule.schedule ?? null) as RuleSchedule | null };
      const events = await loadEventFacts(db, { eventIds: selection.event_ids, limit: selection.event_ids?.length ?? selection.limit });
      const results = events.map((event) => ({
        event_id: event.id,
        camera_id: event.camera_id,
        risk_score: event.risk_score,
        started_at: event.started_at.toISOString(),
        ...evaluateRule(criteria, event),
      }));
      const matched = results.filter((result) => result.matches).map((result) => result.event_id);
      entry.details = { ...entry.details, events_tested: results.length, matched_count: matched.length };
      return { rule_id: rule.id, events_tested: results.length, matched_count: matched.length, matched_event_ids: matched, results };
    });
  }
}
