import { bootWorkerService, closeRedis, createPrisma, createRedis, loadConfigOrExit } from '@secpipe/core';
import { ingestConfigSchema } from './config';
import { buildIngestPorts } from './ingestPorts';
import { startIngestService, type IngestService } from './ingestService';

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('ingest', ingestConfigSchema);
  // Readiness is asked for before the pipeline exists: not ready until it does.
  const started: { service?: IngestService } = {};
  const kit = await bootWorkerService({
    name: 'ingest',
    config,
    readiness: async () => started.service?.readiness() ?? { watcher: false },
    status: () => started.service?.health() ?? { status: 'degraded', message: 'Starting' },
  });
  // The kit handles signals from before it reports started; each part's step goes in front.
  const steps = kit.shutdownSteps;
  const prisma = createPrisma({ databaseUrl: config.DATABASE_URL, maxConnections: 4 });
  steps.unshift({ name: 'postgres', close: () => prisma.$disconnect() });
  // Fail fast while Redis is down: uploads are parked and retried, never stuck in a client queue.
  const queueRedis = createRedis(config.REDIS_URL, 'client');
  queueRedis.on('error', (error: Error) => kit.logger.debug({ err: error }, 'queue redis connection error'));
  steps.splice(1, 0, { name: 'queue redis', close: () => closeRedis(queueRedis) });
  const running = await startIngestService(
    config,
    buildIngestPorts(config, { prisma, redis: queueRedis, logger: kit.logger, registry: kit.registry }),
  );
  started.service = running;
  steps.unshift({ name: 'ingest pipeline', close: () => running.close() });
}

main().catch((error: unknown) => {
  process.stderr.write(`ingest failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
