import { createQueueWorker, queueCatalog } from '@secpipe/core';
import { alertRuleFactory, freePort, useIntegrationContext, waitFor } from '@secpipe/testing';
import { DeliveryLog } from '../src/notifications/deliveryLog';
import { EmailSender } from '../src/notifications/emailSender';
import { MqttEventFollowUp } from '../src/notifications/mqttEventFollowUp';
import { MqttSender } from '../src/notifications/mqttSender';
import { createNotificationJobHandler, type NotificationJobDeps } from '../src/notifications/notificationJobHandler';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature, WebhookSender } from '../src/notifications/webhookSender';
import { analyzerHarness } from './support/analyzerHarness';
import { berlin } from './support/batchBuilder';
import { jobContext, seedBatch, silentLogger } from './support/analysisFixtures';
import { startSmtpReceiver, startWebhookReceiver, subscribeMqtt } from './support/notificationReceivers';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';
const SECRET = 'webhook-shared-secret';
const ctx = useIntegrationContext('analyzer-notify');
const topicPrefix = ctx.prefix;
const discoveryPrefix = `${ctx.prefix}-ha`;

let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let subscriber: Awaited<ReturnType<typeof subscribeMqtt>>;
let mqttSender: MqttSender;
let deps: NotificationJobDeps;
let senders: ReturnType<NotificationJobDeps['senders']>;
let harness: ReturnType<typeof analyzerHarness>;

beforeAll(async () => {
  webhook = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  subscriber = await subscribeMqtt(MOSQUITTO, [`${topicPrefix}/#`, `${discoveryPrefix}/#`]);
  mqttSender = new MqttSender({ url: MOSQUITTO, topicPrefix, discoveryPrefix, connectTimeoutMs: 5000 }, silentLogger());
  deps = {
    prisma: ctx.prisma,
    deliveries: new DeliveryLog(ctx.prisma),
    publicBaseUrl: 'http://nvr.local:8000',
    senders: () => senders,
  };
  senders = {
    mqtt: mqttSender,
    webhook: new WebhookSender({ url: webhook.url, secret: SECRET, timeoutMs: 2000 }),
    email: new EmailSender({ host: '127.0.0.1', port: smtp.port, secure: false, rejectUnauthorized: false, from: 'secpipe@home.test', to: ['owner@home.test'] }),
  };
  // Retries in tests wait milliseconds, not the production backoff.
  harness = analyzerHarness(ctx, { notificationJobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 20 } }, followUps: [new MqttEventFollowUp(() => mqttSender)] });
  const worker = createQueueWorker(queueCatalog.notification, createNotificationJobHandler(deps), { connection: ctx.connection, prefix: ctx.prefix, logger: silentLogger(), concurrency: 3 });
  ctx.onClose(async () => {
    await worker.close();
    await mqttSender.close();
    await subscriber.client.endAsync();
    await webhook.close();
    await smtp.close();
  });
});

async function alertFor(cameraId: string, channels: string[]) {
  await alertRuleFactory.create(ctx.prisma, { name: `notify ${cameraId}`, risk_threshold: 60, camera_ids: [cameraId], channels });
  const job = await seedBatch(ctx.prisma, berlin('02:00'), [{ cls: 'person', zone: 'entry_point' }], cameraId);
  await harness.handler(job, jobContext());
  return ctx.prisma.alert.findFirstOrThrow({ where: { event: { batch_id: job.batch_id } }, include: { event: true } });
}

const mqttMessages = (topic: string) => subscriber.messages.get(topic) ?? [];

describe('notifications', () => {
  it('delivers an alert over MQTT, a signed webhook and e-mail, and records each delivery', async () => {
    const alert = await alertFor('porch', ['mqtt', 'webhook', 'email']);
    const delivered = await waitFor(async () => {
      const row = await ctx.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } });
      return row.status === 'delivered' && row;
    }, { what: 'alert delivered on every channel' });
    const deliveries = (delivered.metadata as { deliveries: Record<string, { status: string; attempts: number }> }).deliveries;
    for (const channel of ['mqtt', 'webhook', 'email']) expect(deliveries[channel]).toMatchObject({ status: 'delivered', attempts: 1, last_error: null });
    expect(delivered.delivered_at).not.toBeNull();

    // webhook: the receiver recomputes the signature with the shared secret
    const [request] = webhook.received;
    const timestamp = String(request.headers[TIMESTAMP_HEADER]);
    expect(request.headers[SIGNATURE_HEADER]).toBe(webhookSignature(SECRET, timestamp, request.body));
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'alert', alert: { id: alert.id, severity: 'high' }, event: { id: alert.event_id, camera_id: 'porch' } });

    // e-mail: a real SMTP server received a text and an HTML part with the summary and thumbnail link
    const [mail] = smtp.messages;
    expect(mail.to).toEqual(['owner@home.test']);
    expect(mail.raw).toMatch(/Subject: \[HIGH\] porch: A person in the entry point zone/);
    expect(mail.raw).toContain('text/html');
    expect(mail.raw).toContain(`http://nvr.local:8000/api/detections/`);

    // MQTT: event, alert, discovery and availability on the local Mosquitto
    await waitFor(() => mqttMessages(`${topicPrefix}/alerts/high`).length === 1, { what: 'alert on mqtt' });
    expect(JSON.parse(mqttMessages(`${topicPrefix}/events`)[0].payload)).toMatchObject({ id: alert.event_id, camera_id: 'porch', risk_level: alert.event.risk_level });
    expect(JSON.parse(mqttMessages(`${topicPrefix}/alerts/high`)[0].payload)).toMatchObject({ alert: { id: alert.id } });
    expect(JSON.parse(mqttMessages(`${discoveryPrefix}/sensor/secpipe_porch/risk/config`)[0].payload)).toMatchObject({ unique_id: 'secpipe_porch_risk', state_topic: `${topicPrefix}/cameras/porch/risk` });
    expect(JSON.parse(mqttMessages(`${discoveryPrefix}/binary_sensor/secpipe_porch/alert/config`)[0].payload)).toMatchObject({ unique_id: 'secpipe_porch_alert', payload_on: 'ON' });
    expect(mqttMessages(`${topicPrefix}/availability`).map((m) => m.payload)).toContain('online');
  });

  it('never re-sends a delivered channel when its job is redelivered', async () => {
    const alert = await alertFor('gate', ['email']);
    await waitFor(async () => (await ctx.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).status === 'delivered', { what: 'email delivered' });
    const sent = smtp.messages.length;
    const handler = createNotificationJobHandler(deps);
    const job = { v: 1, alert_id: alert.id, event_id: alert.event_id, rule_id: alert.rule_id, channels: ['email'], channel: 'email' as const, correlation_id: 'c' };
    await expect(handler(job, jobContext())).resolves.toEqual({ delivered: [] });
    expect(smtp.messages.length).toBe(sent);
  });

  it('retries a channel whose receiver is down, then dead-letters only that notification', async () => {
    const original = senders.webhook;
    senders.webhook = new WebhookSender({ url: `http://127.0.0.1:${await freePort()}/down`, secret: SECRET, timeoutMs: 500 });
    try {
      const alert = await alertFor('garage', ['webhook', 'email']);
      const queue = harness.notifications.queue;
      await waitFor(async () => (await queue.getJobState(`ntf-${alert.id}-webhook`)) === 'failed', { what: 'webhook notification dead-lettered' });
      await waitFor(async () => (await queue.getJobState(`ntf-${alert.id}-email`)) === 'completed', { what: 'email notification delivered' });
      const row = await ctx.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } });
      const deliveries = (row.metadata as { deliveries: Record<string, { status: string; attempts: number; last_error: string | null }> }).deliveries;
      expect(deliveries.webhook).toMatchObject({ status: 'failed', attempts: 3 });
      expect(deliveries.webhook.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(deliveries.email).toMatchObject({ status: 'delivered' });
      expect(row.status).toBe('pending');
      expect(await ctx.prisma.event.findUnique({ where: { id: alert.event_id } })).not.toBeNull();
    } finally {
      senders.webhook = original;
    }
  });
});
