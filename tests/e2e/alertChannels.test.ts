import { createHmac } from 'node:crypto';
import { startWebhookReceiver, subscribeMqtt } from '../../services/analyzer/test/support/notificationReceivers';
import { startFleet, type RunningFleet } from './fleet';
import { dropUpload, listEvents, personImage } from './liveViews';
import { useIntegrationContext, waitFor } from './support';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';
const SECRET = 'e2e-webhook-secret';

interface ApiAlert {
  id: string;
  event_id: number;
  rule_id: string | null;
  status: string;
}

/** What a webhook receiver does with the shared secret: recompute the HMAC and compare. */
const expectedSignature = (timestamp: string, body: string) => `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * An alert rule matching the event, with MQTT (the machine's Mosquitto) and a signed webhook
 * configured over the REST notification settings: the alert arrives on /ws/events, on the MQTT
 * alert topic and at the webhook receiver with a signature the receiver can verify.
 */
describe('an alert delivered over WebSocket, MQTT and a webhook', () => {
  const ctx = useIntegrationContext('e2e-alerts');
  const topicPrefix = `secpipe-e2e/${ctx.prefix.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  let fleet: RunningFleet;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let mqtt: Awaited<ReturnType<typeof subscribeMqtt>>;
  let ruleId: string;

  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    mqtt = await subscribeMqtt(MOSQUITTO, [`${topicPrefix}/#`, `${topicPrefix}-ha/#`]);
    ctx.onClose(async () => {
      // Retained topics (availability, per-camera state, discovery) would outlive the run on the
      // shared broker: an empty retained message deletes each (and is a no-op on the others).
      // Runs last, after the fleet has stopped and the analyzer has said "offline".
      await Promise.all([...mqtt.messages.keys()].map((topic) => mqtt.client.publishAsync(topic, '', { retain: true, qos: 1 })));
      await mqtt.client.endAsync();
      await webhook.close();
    });
    fleet = await startFleet(ctx, {
      runtimeConfig: { batch_window_seconds: 6, batch_idle_timeout_seconds: 1 },
      analyzer: { MQTT_DISCOVERY_PREFIX: `${topicPrefix}-ha` },
      async beforeWorkers(running) {
        await running.call('PUT', '/api/notification/config', {
          mqtt: { enabled: true, url: MOSQUITTO, username: null, password: null, topic_prefix: topicPrefix },
          webhook: { enabled: true, url: webhook.url, secret: SECRET, timeout_ms: 5000 },
        });
        const rule = await running.call<{ id: string }>('POST', '/api/alerts/rules', { name: 'Person at the front door', object_types: ['person'], camera_ids: ['front_door'], channels: ['mqtt', 'webhook'], cooldown_seconds: 300 });
        ruleId = rule.id;
      },
    });
  }, 180_000);

  it('reaches every channel once, the webhook signed', async () => {
    await dropUpload(fleet, 'Front Door', 'person-0001.jpg', await personImage(31));
    const alert = await waitFor(
      async () => {
        const { items } = await fleet.call<{ items: ApiAlert[] }>('GET', '/api/alerts');
        return items.length === 1 && items[0].status === 'delivered' && items[0];
      },
      { what: 'the alert delivered on both channels', timeoutMs: 30_000, intervalMs: 250 },
    );
    const [event] = await listEvents(fleet);
    expect(alert).toMatchObject({ event_id: event.id, rule_id: ruleId });

    // WebSocket
    await waitFor(() => fleet.live.some((m) => m.type === 'alert_created'), { what: 'alert_created on /ws/events', timeoutMs: 10_000 });
    expect(fleet.live.filter((m) => m.type === 'alert_created').map((m) => m.data)).toEqual([expect.objectContaining({ id: alert.id, event_id: event.id, rule_id: ruleId })]);

    // Webhook: one request, its signature recomputed here with the shared secret
    expect(webhook.received).toHaveLength(1);
    const [request] = webhook.received;
    const timestamp = String(request.headers['x-secpipe-timestamp']);
    expect(request.headers['x-secpipe-signature']).toBe(expectedSignature(timestamp, request.body));
    expect(request.headers['x-secpipe-signature']).not.toBe(expectedSignature(timestamp, `${request.body} `));
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'alert', alert: { id: alert.id }, event: { id: event.id, camera_id: 'front_door' } });

    // MQTT: the alert on its severity topic, the event on the events topic
    const alertTopics = [...mqtt.messages.keys()].filter((topic) => topic.startsWith(`${topicPrefix}/alerts/`));
    expect(alertTopics).toHaveLength(1);
    const published = mqtt.messages.get(alertTopics[0])!;
    expect(published).toHaveLength(1);
    expect(JSON.parse(published[0].payload)).toMatchObject({ alert: { id: alert.id } });
    await waitFor(() => (mqtt.messages.get(`${topicPrefix}/events`) ?? []).length > 0, { what: 'the event on MQTT', timeoutMs: 10_000 });
    expect(JSON.parse(mqtt.messages.get(`${topicPrefix}/events`)![0].payload)).toMatchObject({ id: event.id, camera_id: 'front_door' });
    expect(fleet.contract.violations).toEqual([]);
  }, 60_000);
});
