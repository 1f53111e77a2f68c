import type { ConnectionOptions } from 'bullmq';
import { createQueueWorker, MessagePublisher, queueCatalog, QueueProducer, type Logger, type PrismaClient, type Redis } from '@secpipe/core';
import { PrismaSceneChangeStore } from './sceneChangeStore';
import { createSceneCheckHandler, type SceneCheckSettings } from './sceneCheckHandler';
import { RedisSceneStateStore } from './sceneStateStore';

export interface SceneWorkerDeps {
  prisma: PrismaClient;
  /** A non-blocking client (state scripts, publishing). */
  redis: Redis;
  connection: ConnectionOptions;
  prefix: string;
  logger: Logger;
  settings: () => SceneCheckSettings;
}

/**
 * The `scene_check` worker beside the enrichment worker. One job at a time per replica: frames of
 * a camera are compared in the order they were queued (the detector's order), and the per-camera
 * state's compare-and-set makes a second replica retry rather than interleave.
 */
export function startSceneWorker(deps: SceneWorkerDeps) {
  const sceneAlerts = QueueProducer.open(queueCatalog.scene_alert, { connection: deps.connection, prefix: deps.prefix });
  const handler = createSceneCheckHandler({
    states: new RedisSceneStateStore(deps.redis, deps.prefix),
    changes: new PrismaSceneChangeStore(deps.prisma),
    publisher: new MessagePublisher(deps.redis, deps.prefix),
    settings: deps.settings,
    sceneAlerts,
  });
  const worker = createQueueWorker(queueCatalog.scene_check, handler, { connection: deps.connection, prefix: deps.prefix, logger: deps.logger, concurrency: 1 });
  worker.on('error', (error) => deps.logger.error({ err: error, queue: queueCatalog.scene_check.name }, 'worker error'));
  const close = async () => {
    await worker.close();
    await sceneAlerts.close();
  };
  return { worker, step: { name: 'scene_check worker (finish current job) and scene_alert producer', close } };
}
