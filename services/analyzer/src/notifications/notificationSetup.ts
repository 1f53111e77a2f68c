import type { Logger, NotificationChannel, NotificationSettings } from '@secpipe/core';
import type { AnalyzerConfig } from '../config';
import { EmailSender } from './emailSender';
import { MqttSender } from './mqttSender';
import type { NotificationSender } from './notificationSender';
import { WebhookSender } from './webhookSender';

export type ChannelSettings = Required<NotificationSettings>;

/** The channels as the environment configures them (MQTT_URL, WEBHOOK_URL, SMTP_HOST + SMTP_TO). */
export function channelSettingsFromEnv(config: AnalyzerConfig): ChannelSettings {
  return {
    mqtt: { enabled: !!config.MQTT_URL, url: config.MQTT_URL ?? null, username: config.MQTT_USERNAME ?? null, password: config.MQTT_PASSWORD ?? null, topic_prefix: config.MQTT_TOPIC_PREFIX },
    webhook: { enabled: !!config.WEBHOOK_URL, url: config.WEBHOOK_URL ?? null, secret: config.WEBHOOK_SECRET ?? null, timeout_ms: config.WEBHOOK_TIMEOUT_MS },
    email: { enabled: !!config.SMTP_HOST && config.SMTP_TO.length > 0, host: config.SMTP_HOST ?? null, port: config.SMTP_PORT, secure: config.SMTP_SECURE, user: config.SMTP_USER ?? null, password: config.SMTP_PASSWORD ?? null, from: config.SMTP_FROM, to: config.SMTP_TO },
  };
}

/** Stored channels (PUT /api/notification/config) replace the environment's, channel by channel. */
export function effectiveChannelSettings(env: ChannelSettings, stored: NotificationSettings): ChannelSettings {
  return { mqtt: stored.mqtt ?? env.mqtt, webhook: stored.webhook ?? env.webhook, email: stored.email ?? env.email };
}

export interface NotificationSenders {
  senders: Partial<Record<NotificationChannel, NotificationSender>>;
  mqtt: MqttSender | null;
  close(): Promise<void>;
}

/** A sender for each enabled, complete channel. */
export function buildSenders(settings: ChannelSettings, config: Pick<AnalyzerConfig, 'MQTT_DISCOVERY_PREFIX' | 'SMTP_REJECT_UNAUTHORIZED'>, logger: Logger): NotificationSenders {
  const { mqtt: m, webhook: w, email: e } = settings;
  const mqtt =
    m.enabled && m.url
      ? new MqttSender({ url: m.url, username: m.username ?? undefined, password: m.password ?? undefined, topicPrefix: m.topic_prefix, discoveryPrefix: config.MQTT_DISCOVERY_PREFIX, connectTimeoutMs: 10_000 }, logger)
      : null;
  const webhook = w.enabled && w.url ? new WebhookSender({ url: w.url, secret: w.secret ?? undefined, timeoutMs: w.timeout_ms }) : null;
  const email =
    e.enabled && e.host && e.to.length > 0
      ? new EmailSender({ host: e.host, port: e.port, secure: e.secure, rejectUnauthorized: config.SMTP_REJECT_UNAUTHORIZED, user: e.user ?? undefined, password: e.password ?? undefined, from: e.from, to: e.to })
      : null;
  const all = [mqtt, webhook, email].filter((sender): sender is NonNullable<typeof sender> => sender !== null);
  return {
    senders: Object.fromEntries(all.map((sender) => [sender.channel, sender])),
    mqtt,
    close: async () => {
      for (const sender of all) await sender.close().catch((error: unknown) => logger.warn({ err: error, channel: sender.channel }, 'notification sender close failed'));
    },
  };
}
