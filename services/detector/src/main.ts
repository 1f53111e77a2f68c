import {
  createStageTimingRecorder,
  DEFAULT_RUNTIME_CONFIG,
  startRuntimeConfigPoller,
  createPrisma,
  createLogger,
  loadConfigOrExit,
  queueCatalog,
  QueueProducer,
  startWorkerService,
} from '@secpipe/core';
import { policyFromConfig, detectorConfigSchema } from './config';
import { createDetectorApp, startDetectorHttpServer } from './http/detectorHttpServer';
import { ObjectDetector } from './inference/objectDetector';
import { DetectorMetrics } from './metrics/detectorMetrics';
import { loadModel } from './model/loadModel';
import { createDetectionJobHandler } from './pipeline/detectionJobHandler';
import { PrismaDetectionStore } from './pipeline/detectionStore';
import { fileImageSource } from './pipeline/imageFiles';

const DECODER_SCORE_FLOOR = 0.1;

/** Composition root: config, model, adapters, handler, worker + HTTP; ordered shutdown. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('detector', detectorConfigSchema);
  const bootLogger = createLogger({ service: 'detector', level: config.LOG_LEVEL });
  const model = await loadModel({ modelPath: config.DETECTOR_MODEL_PATH, device: config.DETECTOR_DEVICE, fallbackInputSize: config.DETECTOR_INPUT_SIZE, logger: bootLogger });

  await startWorkerService({
    name: 'detector',
    config,
    consumes: queueCatalog.detection,
    concurrency: config.DETECTOR_CONCURRENCY,
    shutdownStepTimeoutMs: 30_000,
    // The runtime config poller below hands this key to the detection policy.
    appliesRuntimeConfig: ['detection_confidence_threshold'],
    async setup(kit) {
      const metrics = new DetectorMetrics(kit.registry);
      // The decoder keeps candidates down to a floor so that a lower threshold set at run time
      // (PATCH /api/system/config) applies without a restart; the policy enforces the real one.
      const minScore = Math.min(config.DETECTION_CONFIDENCE_THRESHOLD, DECODER_SCORE_FLOOR);
      const settings = { maxBatch: config.DETECTOR_MAX_BATCH, maxWaitMs: config.DETECTOR_MAX_WAIT_MS, resize: config.DETECTOR_RESIZE, minScore, iouThreshold: config.DETECTOR_IOU_THRESHOLD };
      const detector = new ObjectDetector(model, settings, metrics);
      let policy = policyFromConfig(config);
      const prisma = createPrisma({ databaseUrl: config.DATABASE_URL });
      const runtimeConfig = startRuntimeConfigPoller({
        prisma,
        logger: kit.logger,
        defaults: { ...DEFAULT_RUNTIME_CONFIG, detection_confidence_threshold: config.DETECTION_CONFIDENCE_THRESHOLD },
        onChange: (current) => {
          policy = { ...policy, threshold: current.detection_confidence_threshold };
        },
      });
      const enrichment = QueueProducer.open(queueCatalog.enrichment, { connection: kit.workerConnection, prefix: config.QUEUE_PREFIX });
      const sceneChecks = QueueProducer.open(queueCatalog.scene_check, { connection: kit.workerConnection, prefix: config.QUEUE_PREFIX });
      const http = await startDetectorHttpServer(createDetectorApp({ detector, policy: () => policy, logger: kit.logger }), config.DETECTOR_PORT);
      await detector.warmUp();
      kit.logger.info({ http_port: http.port, ...detector.info }, 'detector warm');
      return {
        handler: createDetectionJobHandler({ images: fileImageSource, detector, policy: () => policy, store: new PrismaDetectionStore(prisma), enrichment, sceneChecks, metrics, timings: createStageTimingRecorder(kit.redis, config.QUEUE_PREFIX) }),
        readiness: async () => ({ model: detector.warm }),
        status: () => ({ status: detector.warm ? 'healthy' : 'degraded', details: { ...detector.info, warm: detector.warm, ...detector.stats() } }),
        steps: [
          { name: 'http server', close: () => http.close() },
          { name: 'detector', close: () => detector.close() },
          { name: 'runtime config poller', close: () => runtimeConfig.stop() },
          { name: 'enrichment producer', close: () => enrichment.close() },
          { name: 'scene check producer', close: () => sceneChecks.close() },
          { name: 'prisma', close: () => prisma.$disconnect() },
        ],
      };
    },
  });
}

main().catch((error: unknown) => {
  // One line a person can act on (a missing model says where it belongs and how to provide it).
  process.stderr.write(`detector failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
