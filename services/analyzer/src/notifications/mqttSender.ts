import { once, type EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { TransientError, type Logger, type NotificationChannel } from '@secpipe/core';
import mqtt, { type MqttClient } from 'mqtt';
import { mqttTopics, discoveryMessages, type MqttTopicSettings } from './mqttTopics';
import type { NotificationContent } from './notificationContent';
import type { NotificationSender } from './notificationSender';

export interface MqttSettings extends MqttTopicSettings {
  url: string;
  username?: string;
  password?: string;
  connectTimeoutMs: number;
}

/** What `<prefix>/events` and a camera's risk sensor carry for one event. */
export interface MqttEvent {
  id: number;
  camera_id: string;
  camera_name: string;
  risk_score: number;
  risk_level: string;
  summary: string;
  started_at: string;
}

/**
 * MQTT for Home Assistant and friends: a retained availability topic (with a last will that says
 * offline), discovery of a risk sensor and an alert binary sensor per camera, every event on
 * `<prefix>/events` and each alert on `<prefix>/alerts/<severity>`. QoS 1 throughout.
 */
export class MqttSender implements NotificationSender {
  readonly channel: NotificationChannel = 'mqtt';
  private client: MqttClient | null = null;
  private readonly discovered = new Set<string>();
  private readonly topics: ReturnType<typeof mqttTopics>;

  constructor(
    private readonly settings: MqttSettings,
    private readonly logger?: Logger,
  ) {
    this.topics = mqttTopics(settings);
  }

  private open(): MqttClient {
    const client = mqtt.connect(this.settings.url, {
      clientId: `secpipe-analyzer-${randomBytes(4).toString('hex')}`,
      username: this.settings.username,
      password: this.settings.password,
      connectTimeout: this.settings.connectTimeoutMs,
      reconnectPeriod: 2000,
      will: { topic: this.topics.availability, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    client.on('connect', () => {
      this.discovered.clear(); // the broker may have lost retained discovery: announce again
      client.publish(this.topics.availability, 'online', { qos: 1, retain: true });
    });
    client.on('error', (error) => this.logger?.warn({ err: error }, 'mqtt connection error'));
    return client;
  }

  /** Connects now (at boot), so availability is announced before the first event. */
  start(): void {
    this.client ??= this.open();
  }

  /** The connected client; a broker that does not answer in time fails this attempt (retried). */
  private async ready(): Promise<MqttClient> {
    this.client ??= this.open();
    if (this.client.connected) return this.client;
    try {
      await once(this.client as unknown as EventEmitter, 'connect', { signal: AbortSignal.timeout(this.settings.connectTimeoutMs) });
    } catch {
      throw new TransientError(`mqtt broker ${this.settings.url} not reachable`);
    }
    return this.client;
  }

  private async announce(client: MqttClient, cameraId: string, cameraName: string): Promise<void> {
    if (this.discovered.has(cameraId)) return;
    for (const { topic, payload } of discoveryMessages(this.settings, cameraId, cameraName)) await client.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain: true });
    this.discovered.add(cameraId);
  }

  async publishEvent(event: MqttEvent): Promise<void> {
    const client = await this.ready();
    await this.announce(client, event.camera_id, event.camera_name);
    const payload = JSON.stringify(event);
    await client.publishAsync(this.topics.events, payload, { qos: 1 });
    await client.publishAsync(this.topics.cameraRisk(event.camera_id), payload, { qos: 1, retain: true });
  }

  async send(content: NotificationContent): Promise<void> {
    const client = await this.ready();
    await this.announce(client, content.event.camera_id, content.event.camera_name);
    await client.publishAsync(this.topics.alerts(content.alert.severity), JSON.stringify(content), { qos: 1 });
    await client.publishAsync(this.topics.cameraAlert(content.event.camera_id), 'ON', { qos: 1, retain: false });
  }

  async close(): Promise<void> {
    if (!this.client) return;
    const client = this.client;
    this.client = null;
    if (client.connected) await client.publishAsync(this.topics.availability, 'offline', { qos: 1, retain: true }).catch(() => undefined);
    await client.endAsync();
  }
}
