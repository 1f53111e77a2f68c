import { createPrisma, DEFAULT_RUNTIME_CONFIG, loadConfigOrExit, queueCatalog, startRuntimeConfigPoller, startWorkerService } from '@secpipe/core';
import { BaselineRecorder } from './baselines/baselineRecorder';
import { batchPolicyFrom } from './batching/batchPolicy';
import { enrichmentConfigSchema } from './config';
import { createPlateStep } from './ocr/ocrSetup';
import { startSceneWorker } from './scene/sceneWorker';
import { createEnrichmentParts } from './service/enrichmentParts';
import { defaultSteps } from './steps/defaultSteps';
import { ThumbnailRenderer } from './thumbnails/thumbnailRenderer';

/** Composition root: config, adapters, handler, sweeper; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('enrichment', enrichmentConfigSchema);
  await startWorkerService({
    name: 'enrichment',
    config,
    consumes: queueCatalog.enrichment,
    concurrency: config.ENRICHMENT_CONCURRENCY,
    stage: 'enrich',
    // Read per frame by the scene_check worker (src/scene).
    appliesRuntimeConfig: ['scene_change_enabled', 'scene_change_threshold', 'scene_change_frames'],
    async setup(kit) {
      const prisma = createPrisma({ databaseUrl: config.DATABASE_URL });
      // A PATCH of the batch settings applies to the next batch (each batch keeps its own limits).
      const runtimeConfig = startRuntimeConfigPoller({ prisma, logger: kit.logger, defaults: DEFAULT_RUNTIME_CONFIG });
      await runtimeConfig.refresh();
      const plates = await createPlateStep(config, kit.breakers, kit.logger);
      const parts = createEnrichmentParts({
        config,
        prisma,
        redis: kit.redis,
        connection: kit.workerConnection,
        logger: kit.logger,
        policy: () => batchPolicyFrom(runtimeConfig.current()),
        steps: defaultSteps(config, prisma, [plates.step]),
        thumbnails: new ThumbnailRenderer(config.THUMBNAIL_DIR, config.THUMBNAIL_WIDTH),
        baselines: new BaselineRecorder({ timeZone: config.SITE_TIMEZONE, minSamples: config.BASELINE_MIN_SAMPLES, alpha: config.BASELINE_ALPHA }),
      });
      const scene = startSceneWorker({
        prisma,
        redis: kit.redis,
        connection: kit.workerConnection,
        prefix: config.QUEUE_PREFIX,
        logger: kit.logger,
        settings: () => ({ enabled: runtimeConfig.current().scene_change_enabled, threshold: runtimeConfig.current().scene_change_threshold, frames: runtimeConfig.current().scene_change_frames }),
      });
      return {
        handler: parts.handler,
        status: () => ({ status: 'healthy', details: { ocr: plates.enabled ? 'on' : 'off', site_timezone: config.SITE_TIMEZONE } }),
        steps: [scene.step, ...parts.steps, { name: 'runtime config poller', close: () => runtimeConfig.stop() }, { name: 'ocr engine', close: () => plates.close() }, { name: 'prisma', close: () => prisma.$disconnect() }],
      };
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`enrichment failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
