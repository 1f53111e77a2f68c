import { z } from 'zod';
import { redisKey } from '../db/redisKeys';
import { NOTIFICATION_CHANNELS } from '../queues/catalog';

/**
 * POST /api/notification/test asks the analyzer (which holds the channels) to send a test
 * message, over Redis pub/sub: the API subscribes to the result channel, publishes the request
 * (PUBLISH's receiver count says at once whether any analyzer listens), and waits for the result
 * with its request id.
 */
export const notificationTestRequestSchema = z.strictObject({
  request_id: z.string().min(1).max(100),
  channel: z.enum(NOTIFICATION_CHANNELS),
});
export type NotificationTestRequest = z.output<typeof notificationTestRequestSchema>;

export const notificationTestResultSchema = z.strictObject({
  request_id: z.string().min(1).max(100),
  channel: z.enum(NOTIFICATION_CHANNELS),
  success: z.boolean(),
  message: z.string(),
});
export type NotificationTestResult = z.output<typeof notificationTestResultSchema>;

export function notificationTestChannels(prefix: string): { requests: string; results: string } {
  return { requests: redisKey(prefix, 'channel', 'notification_test'), results: redisKey(prefix, 'channel', 'notification_test_result') };
}
