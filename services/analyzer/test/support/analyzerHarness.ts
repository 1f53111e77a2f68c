import { DEFAULT_RISK_THRESHOLDS, MessagePublisher, queueCatalog, QueueProducer, type NotificationJob } from '@secpipe/core';
import type { JobsOptions } from 'bullmq';
import type { IntegrationContext } from '@secpipe/testing';
import { FallbackAssessor } from '../../src/assessment/fallbackAssessor';
import { RulesAssessor } from '../../src/assessment/rulesAssessor';
import { RedisAlertCooldown } from '../../src/alerts/alertCooldown';
import { AlertEngine } from '../../src/alerts/alertEngine';
import { AlertStore } from '../../src/alerts/alertStore';
import { EnabledRules } from '../../src/alerts/enabledRules';
import { createAnalysisJobHandler, type EventFollowUp } from '../../src/events/analysisJobHandler';
import { BatchRepository } from '../../src/events/batchRepository';
import { EventStore } from '../../src/events/eventStore';
import { DeliveryLog } from '../../src/notifications/deliveryLog';
import { analyzerPool } from './analyzerPool';

/** The analysis handler with rules assessment and alert rules, on the test's database and Redis. */
export function analyzerHarness(ctx: IntegrationContext, options: { timeZone?: string; notificationJobOptions?: JobsOptions; followUps?: EventFollowUp[] } = {}) {
  const notifications = QueueProducer.open(queueCatalog.notification, { connection: ctx.connection, prefix: ctx.prefix });
  ctx.onClose(() => notifications.close());
  const publisher = new MessagePublisher(ctx.redis, ctx.prefix);
  const deliveries = new DeliveryLog(ctx.prisma);
  const pool = analyzerPool(ctx);
  const alerts = new AlertEngine({
    rules: new EnabledRules(pool),
    alerts: new AlertStore(pool),
    cooldown: new RedisAlertCooldown(ctx.redis, ctx.prefix),
    publisher,
    notifications: { enqueue: (payload: Omit<NotificationJob, 'v'>) => notifications.enqueue(payload, options.notificationJobOptions) },
  });
  const handler = createAnalysisJobHandler({
    batches: new BatchRepository(pool),
    events: new EventStore(pool, 24),
    assessor: new FallbackAssessor(null, new RulesAssessor({ timeZone: options.timeZone ?? 'Europe/Berlin', knownPlates: [], thresholds: () => DEFAULT_RISK_THRESHOLDS })),
    publisher,
    followUps: [alerts, ...(options.followUps ?? [])],
  });
  return { handler, notifications, deliveries };
}
