import type { Logger, NotificationChannel } from '@secpipe/core';
import type { AnalyzerConfig } from '../config';
import { EmailSender } from './emailSender';
import { MqttSender } from './mqttSender';
import type { NotificationSender } from './notificationSender';
import { WebhookSender } from './webhookSender';

export interface NotificationSenders {
  senders: Partial<Record<NotificationChannel, NotificationSender>>;
  mqtt: MqttSender | null;
  close(): Promise<void>;
}

/** A sender for each channel the environment configures (MQTT_URL, WEBHOOK_URL, SMTP_HOST + SMTP_TO). */
export function notificationSendersFrom(config: AnalyzerConfig, logger: Logger): NotificationSenders {
  const mqtt = config.MQTT_URL
    ? new MqttSender({ url: config.MQTT_URL, username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD, topicPrefix: config.MQTT_TOPIC_PREFIX, discoveryPrefix: config.MQTT_DISCOVERY_PREFIX, connectTimeoutMs: 10_000 }, logger)
    : null;
  const webhook = config.WEBHOOK_URL ? new WebhookSender({ url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET, timeoutMs: config.WEBHOOK_TIMEOUT_MS }) : null;
  const email =
    config.SMTP_HOST && config.SMTP_TO.length > 0
      ? new EmailSender({ host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, rejectUnauthorized: config.SMTP_REJECT_UNAUTHORIZED, user: config.SMTP_USER, password: config.SMTP_PASSWORD, from: config.SMTP_FROM, to: config.SMTP_TO })
      : null;
  const all = [mqtt, webhook, email].filter((sender): sender is NonNullable<typeof sender> => sender !== null);
  return {
    senders: Object.fromEntries(all.map((sender) => [sender.channel, sender])),
    mqtt,
    close: async () => {
      for (const sender of all) await sender.close();
    },
  };
}
