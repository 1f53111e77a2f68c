import { loadConfig, notificationTestChannels, writeNotificationSettings, type NotificationTestResult } from '@secpipe/core';
import { useIntegrationContext, waitFor } from '@secpipe/testing';
import { analyzerConfigSchema } from '../src/config';
import { startNotificationTestListener } from '../src/notifications/notificationTestListener';
import { RuntimeNotificationSenders } from '../src/notifications/runtimeNotificationSenders';
import { WebhookSender } from '../src/notifications/webhookSender';
import { silentLogger } from './support/analysisFixtures';
import { startWebhookReceiver } from './support/notificationReceivers';

const ctx = useIntegrationContext('analyzer-ntf-settings');
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  webhook = await startWebhookReceiver();
  ctx.onClose(() => webhook.close());
});

describe('runtime notification settings', () => {
  it('applies channels stored over the environment, channel by channel, without a restart', async () => {
    const config = loadConfig('analyzer', analyzerConfigSchema, { SMTP_HOST: 'mail.home.test', SMTP_TO: 'owner@home.test' });
    const senders = new RuntimeNotificationSenders(ctx.prisma, config, silentLogger());
    ctx.onClose(() => senders.close());
    expect(Object.keys(senders.senders()).sort()).toEqual(['email']);

    await writeNotificationSettings(ctx.prisma, { webhook: { enabled: true, url: webhook.url, secret: 's3cret', timeout_ms: 2000 } });
    await senders.refresh();
    expect(Object.keys(senders.senders()).sort()).toEqual(['email', 'webhook']);

    await writeNotificationSettings(ctx.prisma, { webhook: { enabled: true, url: webhook.url, secret: 's3cret', timeout_ms: 2000 }, email: { enabled: false, host: null, port: 587, secure: false, user: null, password: null, from: 'a@home.test', to: [] } });
    await senders.refresh();
    expect(Object.keys(senders.senders())).toEqual(['webhook']);
  });

  it('answers channel tests from the API over Redis with the senders in effect', async () => {
    const listener = await startNotificationTestListener({
      subscriber: ctx.redis.duplicate(),
      publisher: ctx.redis,
      prefix: ctx.prefix,
      senders: () => ({ webhook: new WebhookSender({ url: webhook.url, timeoutMs: 2000 }) }),
      logger: silentLogger(),
    });
    ctx.onClose(() => listener.close());
    const results: NotificationTestResult[] = [];
    const api = ctx.redis.duplicate();
    ctx.onClose(() => api.quit());
    const channels = notificationTestChannels(ctx.prefix);
    api.on('message', (_channel, message) => results.push(JSON.parse(message)));
    await api.subscribe(channels.results);

    expect(await ctx.redis.publish(channels.requests, JSON.stringify({ request_id: 'r1', channel: 'webhook' }))).toBe(1);
    expect(await ctx.redis.publish(channels.requests, JSON.stringify({ request_id: 'r2', channel: 'email' }))).toBe(1);
    await waitFor(() => results.length === 2, { what: 'two test results' });
    expect(results.find((r) => r.request_id === 'r1')).toEqual({ request_id: 'r1', channel: 'webhook', success: true, message: 'test message sent' });
    expect(results.find((r) => r.request_id === 'r2')).toEqual({ request_id: 'r2', channel: 'email', success: false, message: 'channel email is not configured' });
    expect(JSON.parse(webhook.received.at(-1)!.body)).toMatchObject({ event: { summary: 'SecPipe test notification' } });
  });
});
