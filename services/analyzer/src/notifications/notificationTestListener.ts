import { errorMessage, notificationTestChannels, notificationTestRequestSchema, type Logger, type NotificationChannel, type NotificationTestResult, type Redis } from '@secpipe/core';
import type { NotificationContent } from './notificationContent';
import type { NotificationSender } from './notificationSender';

/** The message a channel test sends: plainly a test, never mistaken for an alert. */
export function testNotificationContent(now = new Date()): NotificationContent {
  const at = now.toISOString();
  return {
    alert: { id: '00000000-0000-4000-8000-000000000000', severity: 'low', status: 'pending', rule_id: null, rule_name: 'Test notification', created_at: at },
    event: { id: 1, camera_id: 'test', camera_name: 'Test', risk_score: 0, risk_level: 'low', summary: 'SecPipe test notification', reasoning: 'Sent from POST /api/notification/test to check this channel.', started_at: at, object_types: [] },
    thumbnail_link: null,
  };
}

/**
 * Answers channel tests from the API (see core `notificationTest`): sends a test message on the
 * requested channel with the senders in effect and publishes the outcome.
 */
export async function startNotificationTestListener(settings: { subscriber: Redis; publisher: Redis; prefix: string; senders: () => Partial<Record<NotificationChannel, NotificationSender>>; logger: Logger }): Promise<{ close(): Promise<void> }> {
  const channels = notificationTestChannels(settings.prefix);
  const answer = async (raw: string) => {
    const parsed = notificationTestRequestSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return;
    const { request_id, channel } = parsed.data;
    const sender = settings.senders()[channel];
    let result: NotificationTestResult;
    if (!sender) result = { request_id, channel, success: false, message: `channel ${channel} is not configured` };
    else {
      try {
        await sender.send(testNotificationContent());
        result = { request_id, channel, success: true, message: 'test message sent' };
      } catch (error) {
        result = { request_id, channel, success: false, message: errorMessage(error).slice(0, 500) };
      }
    }
    await settings.publisher.publish(channels.results, JSON.stringify(result));
  };
  settings.subscriber.on('message', (channel: string, message: string) => {
    if (channel === channels.requests) answer(message).catch((error: unknown) => settings.logger.warn({ err: error }, 'notification test failed'));
  });
  await settings.subscriber.subscribe(channels.requests);
  return { close: async () => void (await settings.subscriber.quit().catch(() => undefined)) };
}
