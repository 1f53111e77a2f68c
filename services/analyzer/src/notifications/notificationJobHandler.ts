import { classifyError, errorMessage, PermanentError, type JobContext, type NotificationChannel, type NotificationJob, type PrismaClient } from '@secpipe/core';
import { notificationChannelsOf } from '../alerts/alertEngine';
import type { DeliveryLog } from './deliveryLog';
import { loadNotificationContent, type NotificationContent } from './notificationContent';
import type { NotificationSender } from './notificationSender';

export interface NotificationJobDeps {
  prisma: PrismaClient;
  deliveries: DeliveryLog;
  /** The channels in effect now; a job for any other fails permanently. */
  senders: () => Partial<Record<NotificationChannel, NotificationSender>>;
  publicBaseUrl: string;
}

export type NotificationOutcome = { delivered: NotificationChannel[] } | { skipped: string };

/**
 * Delivers one alert on one channel and records the outcome on the alert. A channel that has
 * delivered is never sent again (a redelivered job is a no-op); a failure is recorded, then
 * thrown so the job retries with backoff and, once its attempts are spent, stays in the
 * notification queue's failed set (the dead letter). The event and other channels are untouched.
 */
export function createNotificationJobHandler(deps: NotificationJobDeps) {
  return async (job: NotificationJob, context: JobContext): Promise<NotificationOutcome> => {
    const content = await loadNotificationContent(deps.prisma, job.alert_id, deps.publicBaseUrl);
    if (!content) return { skipped: 'alert deleted' };
    if (content.alert.status === 'dismissed') return { skipped: 'alert dismissed' };
    const delivered: NotificationChannel[] = [];
    for (const channel of job.channel ? [job.channel] : notificationChannelsOf(job.channels)) {
      if ((await deps.deliveries.get(job.alert_id, channel))?.status === 'delivered') continue;
      await deliver(deps, channel, content, context);
      delivered.push(channel);
    }
    return { delivered };
  };
}

async function deliver(deps: NotificationJobDeps, channel: NotificationChannel, content: NotificationContent, context: JobContext): Promise<void> {
  const alertId = content.alert.id;
  try {
    const sender = deps.senders()[channel];
    if (!sender) throw new PermanentError(`notification channel ${channel} is not configured`, 'channel_not_configured');
    await sender.send(content);
  } catch (error) {
    const maxAttempts = context.job.opts?.attempts ?? 1;
    const final = classifyError(error) === 'permanent' || context.attempt >= maxAttempts;
    await deps.deliveries.record(alertId, channel, { status: final ? 'failed' : 'retrying', attempts: context.attempt, last_error: errorMessage(error).slice(0, 500), delivered_at: null });
    throw error;
  }
  await deps.deliveries.record(alertId, channel, { status: 'delivered', attempts: context.attempt, last_error: null, delivered_at: new Date().toISOString() });
  context.logger.info({ alert_id: alertId, channel, attempt: context.attempt }, 'notification delivered');
}
