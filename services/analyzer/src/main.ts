import {
  createDatabase,
  createQueueWorker,
  createStageTimingRecorder,
  loadConfigOrExit,
  MessagePublisher,
  queueCatalog,
  QueueProducer,
  startRuntimeConfigPoller,
  startWorkerService,
  type ServiceKit,
} from '@secpipe/core';
import { RedisAlertCooldown } from './alerts/alertCooldown';
import { AlertEngine } from './alerts/alertEngine';
import { AlertStore } from './alerts/alertStore';
import { EnabledRules } from './alerts/enabledRules';
import { FallbackAssessor } from './assessment/fallbackAssessor';
import { RulesAssessor } from './assessment/rulesAssessor';
import { analyzerConfigSchema, type AnalyzerConfig } from './config';
import { createAnalysisJobHandler } from './events/analysisJobHandler';
import { BatchRepository } from './events/batchRepository';
import { EventStore } from './events/eventStore';
import { startRawAnswerExpiry } from './events/rawAnswerExpiry';
import { setupLlm } from './llm/llmSetup';
import { DeliveryLog } from './notifications/deliveryLog';
import { MqttEventFollowUp } from './notifications/mqttEventFollowUp';
import { createNotificationJobHandler } from './notifications/notificationJobHandler';
import { startNotificationTestListener } from './notifications/notificationTestListener';
import { RuntimeNotificationSenders } from './notifications/runtimeNotificationSenders';
import { createSceneAlertHandler } from './scenes/sceneAlertHandler';
import { SceneEventStore } from './scenes/sceneEventStore';

/** Builds the analysis handler and everything behind it; returns it with its shutdown steps. */
async function setupAnalyzer(config: AnalyzerConfig, kit: ServiceKit) {
  // Prisma for the settings and notification paths; the pool under it for the per-event statements.
  const { prisma, pool } = createDatabase({ databaseUrl: config.DATABASE_URL });
  const runtimeConfig = startRuntimeConfigPoller({ prisma, logger: kit.logger });
  const thresholds = () => runtimeConfig.current();
  const rules = new RulesAssessor({ timeZone: config.SITE_TIMEZONE, knownPlates: config.KNOWN_PLATES, thresholds });
  const llm = setupLlm(config, kit, thresholds);
  const events = new EventStore(pool, config.RAW_LLM_ANSWER_RETENTION_HOURS);
  const expiry = startRawAnswerExpiry(events, kit.logger);
  const publisher = new MessagePublisher(kit.redis, config.QUEUE_PREFIX, config.MESSAGE_REPLAY_SIZE);
  const notifications = QueueProducer.open(queueCatalog.notification, { connection: kit.workerConnection, prefix: config.QUEUE_PREFIX });
  const deliveries = new DeliveryLog(prisma);
  const senders = new RuntimeNotificationSenders(prisma, config, kit.logger);
  senders.start();
  const channelTests = await startNotificationTestListener({ subscriber: kit.redis.duplicate(), publisher: kit.redis, prefix: config.QUEUE_PREFIX, senders: () => senders.senders(), logger: kit.logger });
  const alerts = new AlertEngine({
    rules: new EnabledRules(pool),
    alerts: new AlertStore(pool),
    cooldown: new RedisAlertCooldown(kit.redis, config.QUEUE_PREFIX),
    publisher,
    notifications,
  });
  const handler = createAnalysisJobHandler({
    batches: new BatchRepository(pool),
    events,
    assessor: new FallbackAssessor(llm.assessor, rules, kit.logger),
    publisher,
    timings: createStageTimingRecorder(kit.redis, config.QUEUE_PREFIX),
    followUps: [alerts, new MqttEventFollowUp(() => senders.mqtt())],
  });
  // Notifications run in this process on their own queue: a slow SMTP server never holds up analysis.
  const notificationWorker = createQueueWorker(queueCatalog.notification, createNotificationJobHandler({ prisma, deliveries, senders: () => senders.senders(), publicBaseUrl: config.PUBLIC_BASE_URL }), {
    connection: kit.workerConnection,
    prefix: config.QUEUE_PREFIX,
    logger: kit.logger,
    concurrency: config.NOTIFICATION_CONCURRENCY,
  });
  notificationWorker.on('error', (error) => kit.logger.error({ err: error, queue: 'notification' }, 'worker error'));
  // Scene changes (recorded by the enrichment service) become events here, where the alert rules run.
  const sceneAlerts = createSceneAlertHandler({ scenes: new SceneEventStore(pool), events, publisher, thresholds, followUps: [alerts, new MqttEventFollowUp(() => senders.mqtt())] });
  const sceneWorker = createQueueWorker(queueCatalog.scene_alert, sceneAlerts, { connection: kit.workerConnection, prefix: config.QUEUE_PREFIX, logger: kit.logger, concurrency: 2 });
  sceneWorker.on('error', (error) => kit.logger.error({ err: error, queue: 'scene_alert' }, 'worker error'));
  kit.logger.info({ provider: config.LLM_PROVIDER, site_timezone: config.SITE_TIMEZONE, notification_channels: Object.keys(senders.senders()) }, 'analyzer ready');
  return {
    handler,
    // An unreachable LLM degrades the service, but events keep flowing on the rules assessor.
    readiness: async () => ({ notification_worker: notificationWorker.isRunning(), scene_alert_worker: sceneWorker.isRunning() }),
    status: () => {
      const details = { llm: llm.status() };
      return details.llm.healthy === false ? { status: 'degraded' as const, message: 'llm unreachable: scoring with the rules assessor', details } : { status: 'healthy' as const, details };
    },
    steps: [
      { name: 'notification worker (finish current jobs)', close: () => notificationWorker.close() },
      { name: 'scene_alert worker (finish current jobs)', close: () => sceneWorker.close() },
      { name: 'notification test listener', close: () => channelTests.close() },
      { name: 'notification senders', close: () => senders.close() },
      { name: 'raw answer expiry', close: () => expiry.stop() },
      { name: 'llm client', close: () => llm.close() },
      { name: 'notification producer', close: () => notifications.close() },
      { name: 'runtime config poller', close: () => runtimeConfig.stop() },
      { name: 'prisma', close: () => prisma.$disconnect() },
    ],
  };
}

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('analyzer', analyzerConfigSchema);
  await startWorkerService({
    name: 'analyzer',
    config,
    consumes: queueCatalog.analysis,
    concurrency: config.ANALYZER_CONCURRENCY,
    stage: 'analyze',
    setup: (kit) => setupAnalyzer(config, kit),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`analyzer failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
