import path from 'node:path';
import { createStageTimingRecorder, type Logger, type PrismaClient, type Redis, type Registry } from '@secpipe/core';
import { PrismaCameraRegistry } from './cameras/cameraRegistry';
import type { IngestConfig } from './config';
import { UploadFilter } from './files/uploadFilter';
import { NodeUploadFiles } from './files/uploadFiles';
import { SharpImageDecoder } from './images/imageDecoder';
import type { IngestPorts } from './ingestService';
import { RedisDedupeStore } from './queue/dedupeStore';
import { BullDetectionEnqueuer } from './queue/detectionEnqueuer';
import { ffmpegProblem, resolveFfmpegBinaries } from './video/ffmpegBinaries';
import { FfmpegFrameExtractor } from './video/frameExtractor';
import { FfprobeVideoProbe } from './video/videoProbe';
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
  const uploads = new UploadFilter(config.VIDEO_EXTENSIONS);
  const binaries = resolveFfmpegBinaries({ ffmpegPath: config.FFMPEG_PATH, ffprobePath: config.FFPROBE_PATH });
  return {
    files: new NodeUploadFiles(uploads),
    uploads,
    watcher: config.FILE_WATCHER_POLLING
      ? new ChokidarFolderWatcher({ root, usePolling: true, pollIntervalMs: config.FILE_WATCHER_POLL_INTERVAL_MS }, uploads)
      : new DirectoryTreeWatcher(root, uploads),
    decoder: new SharpImageDecoder(),
    clips: {
      probe: new FfprobeVideoProbe(binaries, config.VIDEO_EXTRACT_TIMEOUT_MS),
      extractor: new FfmpegFrameExtractor(binaries, config.VIDEO_EXTRACT_TIMEOUT_MS),
      sampling: { intervalSeconds: config.VIDEO_FRAME_INTERVAL_SECONDS, maxFrames: config.VIDEO_MAX_FRAMES },
    },
    videoToolsProblem: () => ffmpegProblem(binaries),
    cameras: new PrismaCameraRegistry(prisma, config.AUTO_CREATE_CAMERAS),
    dedupe: new RedisDedupeStore(redis, config.QUEUE_PREFIX, config.DEDUPE_TTL_SECONDS),
    enqueuer: new BullDetectionEnqueuer(redis, config.QUEUE_PREFIX, logger),
    redis,
    logger,
    registry,
    timings: createStageTimingRecorder(redis, config.QUEUE_PREFIX),
  };
}
