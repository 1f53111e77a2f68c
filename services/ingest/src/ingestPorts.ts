import path from 'node:path';
import { createStageTimingRecorder, type Logger, type PrismaClient, type Redis, type Registry } from '@secpipe/core';
import { PrismaCameraRegistry } from './cameras/cameraRegistry';
import type { IngestConfig } from './config';
import { NodeUploadFiles } from './files/uploadFiles';
import { SharpImageDecoder } from './images/imageDecoder';
import type { IngestPorts } from './ingestService';
import { RedisDedupeStore } from './queue/dedupeStore';
import { BullDetectionEnqueuer } from './queue/detectionEnqueuer';
import { DirectoryTreeWatcher } from './watch/directoryTreeWatcher';
import { ChokidarFolderWatcher } from './watch/folderWatcher';

export interface IngestClients {
  prisma: PrismaClient;
  /** Fail-fast connection (no offline queue) for the queue and dedupe keys. */
  redis: Redis;
  logger: Logger;
  registry: Registry;
}

/** The real adapters behind the ingest pipeline, on clients the caller owns and closes. */
export function buildIngestPorts(config: IngestConfig, clients: IngestClients): IngestPorts {
  const { prisma, redis, logger, registry } = clients;
  const root = path.resolve(config.CAMERA_ROOT);
  return {
    files: new NodeUploadFiles(),
    watcher: config.FILE_WATCHER_POLLING
      ? new ChokidarFolderWatcher({ root, usePolling: true, pollIntervalMs: config.FILE_WATCHER_POLL_INTERVAL_MS })
      : new DirectoryTreeWatcher(root),
    decoder: new SharpImageDecoder(),
    cameras: new PrismaCameraRegistry(prisma, config.AUTO_CREATE_CAMERAS),
    dedupe: new RedisDedupeStore(redis, config.QUEUE_PREFIX, config.DEDUPE_TTL_SECONDS),
    enqueuer: new BullDetectionEnqueuer(redis, config.QUEUE_PREFIX, logger),
    redis,
    logger,
    registry,
    timings: createStageTimingRecorder(redis, config.QUEUE_PREFIX),
  };
}
