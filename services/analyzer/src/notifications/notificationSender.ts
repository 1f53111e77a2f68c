import type { NotificationChannel } from '@secpipe/core';
import type { NotificationContent } from './notificationContent';

/** One delivery channel. `send` throws on failure; the job's retries and dead letter do the rest. */
export interface NotificationSender {
  readonly channel: NotificationChannel;
  send(content: NotificationContent): Promise<void>;
  close(): Promise<void>;
}
