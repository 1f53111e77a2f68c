import { readNotificationSettings, type Logger, type NotificationChannel, type PrismaClient } from '@secpipe/core';
import type { AnalyzerConfig } from '../config';
import type { MqttSender } from './mqttSender';
import type { NotificationSender } from './notificationSender';
import { buildSenders, channelSettingsFromEnv, effectiveChannelSettings, type NotificationSenders } from './notificationSetup';

/** How often stored channel settings are checked; a PUT takes effect within this. */
const POLL_MS = 5000;

/**
 * The senders of the channels in effect: the environment's, replaced channel by channel by what
 * PUT /api/notification/config stored. Polls the settings row and rebuilds the senders (closing
 * the old ones) only when the effective settings change.
 */
export class RuntimeNotificationSenders {
  private current: NotificationSenders;
  private fingerprint: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly config: AnalyzerConfig,
    private readonly logger: Logger,
  ) {
    const env = channelSettingsFromEnv(config);
    this.fingerprint = JSON.stringify(env);
    this.current = buildSenders(env, config, logger);
  }

  senders(): Partial<Record<NotificationChannel, NotificationSender>> {
    return this.current.senders;
  }

  mqtt(): MqttSender | null {
    return this.current.mqtt;
  }

  /** Reads the stored settings now; resolves once they are applied. */
  async refresh(): Promise<void> {
    try {
      const effective = effectiveChannelSettings(channelSettingsFromEnv(this.config), await readNotificationSettings(this.prisma));
      const fingerprint = JSON.stringify(effective);
      if (fingerprint === this.fingerprint) return;
      const previous = this.current;
      this.current = buildSenders(effective, this.config, this.logger);
      this.fingerprint = fingerprint;
      this.current.mqtt?.start();
      this.logger.info({ channels: Object.keys(this.current.senders) }, 'notification settings applied');
      await previous.close();
    } catch (error) {
      this.logger.warn({ err: error }, 'notification settings poll failed; keeping the current channels');
    }
  }

  start(intervalMs = POLL_MS): void {
    this.current.mqtt?.start();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.current.close();
  }
}
