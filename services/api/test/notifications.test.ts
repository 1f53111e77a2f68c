import request from 'supertest';
import { notificationTestChannels, notificationTestRequestSchema, readNotificationSettings } from '@secpipe/core';
import { useIntegrationContext } from '@secpipe/testing';
import { buildTestApp } from './testApp';
import { expectProblem } from './support';

const ctx = useIntegrationContext('api-notifications');
const webhook = { enabled: true, url: 'https://hooks.home.test/secpipe', secret: 'hmac-key', timeout_ms: 5000 };
const email = { enabled: true, host: 'mail.home.test', port: 465, secure: true, user: 'secpipe', password: 'smtp-pass', from: 'secpipe@home.test', to: ['owner@home.test'] };

/** Stands in for the analyzer: answers channel tests on the test file's Redis prefix. */
async function fakeAnalyzer(answer: (channel: string) => { success: boolean; message: string }) {
  const subscriber = ctx.redis.duplicate();
  const channels = notificationTestChannels(ctx.prefix);
  subscriber.on('message', (_topic: string, message: string) => {
    const requestBody = notificationTestRequestSchema.parse(JSON.parse(message));
    void ctx.redis.publish(channels.results, JSON.stringify({ request_id: requestBody.request_id, channel: requestBody.channel, ...answer(requestBody.channel) }));
  });
  await subscriber.subscribe(channels.requests);
  return { close: () => subscriber.quit() };
}

describe('notification config', () => {
  it('stores channel settings and never returns a secret', async () => {
    const { app } = buildTestApp(ctx);
    await request(app).get('/api/notification/config').expect(200, {});
    const put = await request(app).put('/api/notification/config').send({ webhook, email }).expect(200);
    expect(put.body.webhook).toEqual({ enabled: true, url: webhook.url, timeout_ms: 5000, secret_set: true });
    expect(put.body.email).toMatchObject({ host: 'mail.home.test', password_set: true });
    expect(JSON.stringify(put.body)).not.toMatch(/hmac-key|smtp-pass/);
    const get = await request(app).get('/api/notification/config').expect(200);
    expect(get.body).toEqual(put.body);
    expect((await readNotificationSettings(ctx.prisma)).webhook?.secret).toBe('hmac-key');
    const audit = await ctx.prisma.auditLog.findMany({ where: { action: 'notification.config' } });
    expect(audit.map((row) => [row.actor, row.status, row.details])).toEqual([['local', 'success', { channels: ['webhook', 'email'] }]]);
    expect(JSON.stringify(audit)).not.toMatch(/hmac-key|smtp-pass/);
  });

  it('keeps a secret the update leaves out and clears it on null', async () => {
    const { app } = buildTestApp(ctx);
    await request(app).put('/api/notification/config').send({ webhook }).expect(200);
    const { secret: _secret, ...withoutSecret } = webhook;
    await request(app).put('/api/notification/config').send({ webhook: { ...withoutSecret, timeout_ms: 8000 } }).expect(200);
    expect((await readNotificationSettings(ctx.prisma)).webhook).toMatchObject({ secret: 'hmac-key', timeout_ms: 8000 });
    const cleared = await request(app).put('/api/notification/config').send({ webhook: { ...withoutSecret, secret: null } }).expect(200);
    expect(cleared.body.webhook.secret_set).toBe(false);
  });

  it('refuses bad settings with 422', async () => {
    const { app } = buildTestApp(ctx);
    await request(app).put('/api/notification/config').send({ webhook: { ...webhook, url: 'ftp://nope' } }).expect(422);
    await request(app).put('/api/notification/config').send({ email: { ...email, to: ['not-an-address'] } }).expect(422);
    await request(app).put('/api/notification/config').send({ sms: {} }).expect(422);
  });
});

describe('notification test', () => {
  it('reports what the analyzer says about the channel', async () => {
    const { app } = buildTestApp(ctx);
    const analyzer = await fakeAnalyzer((channel) => (channel === 'webhook' ? { success: true, message: 'test message sent' } : { success: false, message: `channel ${channel} is not configured` }));
    try {
      await request(app).post('/api/notification/test').send({ channel: 'webhook' }).expect(200, { channel: 'webhook', success: true, message: 'test message sent' });
      await request(app).post('/api/notification/test').send({ channel: 'email' }).expect(200, { channel: 'email', success: false, message: 'channel email is not configured' });
    } finally {
      await analyzer.close();
    }
  });

  it('says so when no analyzer is running, and refuses unknown channels', async () => {
    const { app } = buildTestApp(ctx);
    expectProblem(await request(app).post('/api/notification/test').send({ channel: 'mqtt' }), 503);
    await request(app).post('/api/notification/test').send({ channel: 'sms' }).expect(422);
  });
});
