import { alertMessageData, evaluateRule, NOTIFICATION_CHANNELS, type JobContext, type MessagePublisher, type NotificationChannel, type NotificationJob } from '@secpipe/core';
import type { EventFollowUp } from '../events/analysisJobHandler';
import type { StoredEvent } from '../events/eventStore';
import type { AlertCooldown } from './alertCooldown';
import type { AlertStore, StoredAlert } from './alertStore';
import { criteriaOf } from './ruleCriteria';
import { alertObjectType, dedupKeyFor } from './dedupKey';
import type { EnabledRule, EnabledRules } from './enabledRules';

export interface AlertEngineDeps {
  rules: Pick<EnabledRules, 'load'>;
  alerts: AlertStore;
  cooldown: AlertCooldown;
  publisher: Pick<MessagePublisher, 'publish'>;
  notifications: { enqueue(payload: Omit<NotificationJob, 'v'>): Promise<string> };
}

export const notificationChannelsOf = (channels: string[]): NotificationChannel[] =>
  NOTIFICATION_CHANNELS.filter((channel) => channels.includes(channel));

/**
 * After an event commits: every enabled rule is evaluated with the shared evaluator; a matching
 * rule raises one alert unless its dedup key is cooling down; each new alert is published and
 * gets one notification job per channel. Every step is idempotent, so a redelivered analysis
 * job leaves one set of alerts.
 */
export class AlertEngine implements EventFollowUp {
  readonly name = 'alert rules';

  constructor(private readonly deps: AlertEngineDeps) {}

  async afterEvent(event: StoredEvent, context: JobContext, created: boolean): Promise<void> {
    const rules = await this.deps.rules.load();
    if (rules.length === 0) return;
    // A new event has no alerts yet; a redelivered one may have some from an earlier attempt.
    const existing = created ? new Map<string, StoredAlert>() : await this.deps.alerts.forEvent(event.id);
    for (const rule of rules) await this.applyRule(rule, event, existing.get(rule.id) ?? null, context);
  }

  /** The event carries the facts rules read (its detections' best confidence and zones). */
  private async applyRule(rule: EnabledRule, event: StoredEvent, existing: StoredAlert | null, context: JobContext): Promise<void> {
    const criteria = criteriaOf(rule);
    if (!criteria) {
      context.logger.warn({ rule_id: rule.id }, 'alert rule has an invalid schedule; skipped');
      return;
    }
    if (!evaluateRule(criteria, event).matches) return;
    let alert = existing;
    if (!alert) {
      const dedupKey = dedupKeyFor(rule.dedup_key_template, { camera_id: event.camera_id, rule_id: rule.id, object_type: alertObjectType(event.object_types, rule.object_types), risk_level: event.risk_level });
      if (!(await this.deps.cooldown.claim(dedupKey, event.id, rule.cooldown_seconds))) {
        context.logger.info({ rule_id: rule.id, event_id: event.id, dedup_key: dedupKey }, 'alert suppressed: cooldown');
        return;
      }
      // With no channel needing a job, `alert_created` on the WebSocket is the whole delivery.
      const delivered = notificationChannelsOf(rule.channels).length === 0;
      const saved = await this.deps.alerts.insert({ event_id: event.id, rule_id: rule.id, severity: rule.severity, dedup_key: dedupKey, channels: rule.channels, metadata: { rule_name: rule.name, deliveries: {} }, delivered });
      alert = saved.alert;
      if (saved.created) {
        await this.deps.publisher.publish('alert_created', alertMessageData(alert));
        context.logger.info({ alert_id: alert.id, rule_id: rule.id, event_id: event.id }, 'alert created');
      }
    }
    if (alert.status === 'pending') await this.enqueueNotifications(alert, context);
  }

  private async enqueueNotifications(alert: StoredAlert, context: JobContext): Promise<void> {
    const correlationId = String(context.job.data?.correlation_id ?? `alert-${alert.id}`);
    for (const channel of notificationChannelsOf(alert.channels)) {
      await this.deps.notifications.enqueue({ alert_id: alert.id, event_id: alert.event_id, rule_id: alert.rule_id, channels: [channel], channel, correlation_id: correlationId });
    }
  }
}
