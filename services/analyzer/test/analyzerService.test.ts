import { heartbeatKey, queueCatalog, QueueProducer } from '@secpipe/core';
import { alertRuleFactory, freePort, launchService, startFakeLlmServer, useIntegrationContext, waitFor, type FakeLlmServer, type ServiceProcess } from '@secpipe/testing';
import { berlin, personFor } from './support/batchBuilder';
import { seedBatch } from './support/analysisFixtures';
import { startWebhookReceiver } from './support/notificationReceivers';

const ctx = useIntegrationContext('analyzer-service');
let llm: FakeLlmServer;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let service: ServiceProcess;
let opsPort: number;

beforeAll(async () => {
  llm = await startFakeLlmServer();
  webhook = await startWebhookReceiver();
  opsPort = await freePort();
  service = launchService('analyzer', {
    DATABASE_URL: ctx.databaseUrl,
    QUEUE_PREFIX: ctx.prefix,
    OPS_PORT: String(opsPort),
    LLM_PROVIDER: 'llamacpp',
    LLM_URL: llm.url,
    SITE_TIMEZONE: 'Europe/Berlin',
    WEBHOOK_URL: webhook.url,
    WEBHOOK_SECRET: 'secret',
    HEARTBEAT_INTERVAL_MS: '200',
  });
  await service.waitForLog('analyzer ready', 30_000);
}, 40_000);

afterAll(async () => {
  await service?.stop();
  await llm?.close();
  await webhook?.close();
});

describe('analyzer service (real process)', () => {
  it('turns an analysis job into an LLM-scored event, an alert and a webhook, then stops cleanly', async () => {
    llm.script({ text: '<think>door at night</think>{"risk_score": 81, "risk_level": "high", "summary": "Person testing the front door at night", "reasoning": "Lingered at the entry point at 02:00."}' });
    await alertRuleFactory.create(ctx.prisma, { name: 'door at night', risk_threshold: 80, channels: ['webhook'] });
    const job = await seedBatch(ctx.prisma, berlin('02:00'), personFor(120, { zone: 'entry_point' }));
    const producer = QueueProducer.open(queueCatalog.analysis, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => producer.close());
    await producer.enqueue(job);

    const event = await waitFor(() => ctx.prisma.event.findUnique({ where: { batch_id: job.batch_id } }), { what: 'event row', timeoutMs: 20_000 });
    expect(event).toMatchObject({ risk_score: 81, risk_level: 'high', analysis_source: 'llm', model_name: 'fake-nemotron', prompt_version: 'nemotron-risk-v1', detection_count: 5 });
    await waitFor(() => webhook.received.length === 1, { what: 'webhook delivery', timeoutMs: 20_000 });
    await waitFor(async () => (await ctx.prisma.alert.findFirst({ where: { event_id: event.id } }))?.status === 'delivered', { what: 'alert delivered' });

    // The heartbeat shows the LLM breaker and the health probe.
    const heartbeat = await waitFor(async () => {
      const value = await ctx.redis.get(heartbeatKey(ctx.prefix, 'analyzer'));
      return value && value.includes('"healthy":true') && value;
    }, { what: 'analyzer heartbeat with the llm probe' });
    expect(JSON.parse(heartbeat)).toMatchObject({ breakers: { llm: 'closed' } });

    expect(await service.stop()).toBe(0);
  });
});
