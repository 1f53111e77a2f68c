import path from 'node:path';
import type { HeartbeatStatus, Logger, Redis, Registry, StageTimingRecorder } from '@secpipe/core';
import type { CameraRegistry } from './cameras/cameraRegistry';
import type { IngestConfig } from './config';
import type { UploadFilter } from './files/uploadFilter';
import type { UploadFiles } from './files/uploadFiles';
import type { ImageDecoder } from './images/imageDecoder';
import { ingestHealth } from './ops/ingestHealth';
import { IngestMetrics, type RescanTrigger } from './ops/ingestMetrics';
import { CameraActivityRecorder } from './pipeline/cameraActivity';
import { deliverUpload } from './pipeline/deliverUpload';
import { DeliveryQueue } from './pipeline/deliveryQueue';
import { UploadOutcomes } from './pipeline/uploadOutcomes';
import { UploadTracker } from './pipeline/uploadTracker';
import { WatermarkTracker } from './pipeline/watermarkTracker';
import { LocalClaims, type DedupeStore } from './queue/dedupeStore';
import type { DetectionEnqueuer } from './queue/detectionEnqueuer';
import { onRedisRecovery } from './queue/redisRecovery';
import { rescanCameras } from './scan/rescanCameras';
import type { ClipPorts } from './video/prepareClip';
import type { FolderWatcher } from './watch/folderWatcher';

export interface IngestPorts {
  files: UploadFiles;
  /** Which files are uploads, and which of them clips (`VIDEO_EXTENSIONS`). */
  uploads: UploadFilter;
  watcher: FolderWatcher;
  decoder: ImageDecoder;
  /** ffprobe, ffmpeg and the frame sampling for clips. */
  clips: Omit<ClipPorts, 'maxSide'>;
  /** Why ffmpeg/ffprobe cannot run (checked once at start), or undefined when they can. */
  videoToolsProblem?: () => Promise<string | undefined>;
  cameras: CameraRegistry;
  dedupe: DedupeStore;
  enqueuer: DetectionEnqueuer;
  /** The connection the queue and dedupe use: its recovery triggers a rescan. */
  redis: Redis;
  logger: Logger;
  registry: Registry;
  /** Per-stage latency samples the API's telemetry reads (the `watch` stage). */
  timings?: StageTimingRecorder;
  now?: () => number;
}

export interface IngestService {
  readonly root: string;
  readiness(): Record<string, boolean>;
  rescan(trigger: RescanTrigger): Promise<number>;
  /** Uploads being followed to completion, and uploads parked until Redis answers. */
  backlog(): { following: number; parked: number };
  /** The heartbeat status: degraded while uploads are parked, unhealthy while the root is not watched. */
  health(): Omit<HeartbeatStatus, 'breakers'>;
  /** Stops the watcher, abandons waiting uploads, saves watermarks, closes the queue. */
  close(): Promise<void>;
}

/** Builds the upload pipeline on its ports, starts watching and runs the first rescan. */
export async function startIngestService(config: IngestConfig, ports: IngestPorts): Promise<IngestService> {
  const root = path.resolve(config.CAMERA_ROOT);
  const { files, watcher, logger, redis } = ports;
  const now = ports.now ?? Date.now;
  await files.ensureDirectory(root);
  // Clips are accepted only when VIDEO_EXTENSIONS names some; then the tools must run.
  const videoFailure = config.VIDEO_EXTENSIONS.length > 0 ? await ports.videoToolsProblem?.() : undefined;
  if (videoFailure) logger.error({ reason: videoFailure }, 'video uploads cannot be processed');

  const watermarks = new WatermarkTracker();
  const activity = new CameraActivityRecorder(ports.cameras, watermarks, logger);
  const metrics = new IngestMetrics(ports.registry);
  const outcomes = new UploadOutcomes(metrics, watermarks, activity, logger, now, ports.timings);
  const delivery = { cameras: ports.cameras, dedupe: new LocalClaims(ports.dedupe), enqueuer: ports.enqueuer };
  const deliveries = new DeliveryQueue({
    deliver: (d) => deliverUpload(d, delivery),
    onDelivered: (d, outcome) => outcomes.delivered(d, outcome),
    logger,
    retryMinMs: config.RETRY_MIN_MS,
    retryMaxMs: config.RETRY_MAX_MS,
  });
  metrics.reportParked(() => deliveries.parkedCount);
  const tracker = new UploadTracker(
    {
      root,
      completion: { stabilityMs: config.STABILITY_MS, timeoutMs: config.STABILITY_TIMEOUT_MS, pollMs: config.STABILITY_POLL_MS },
      limits: { minBytes: config.MIN_IMAGE_BYTES, maxSide: config.MAX_IMAGE_SIDE },
      readConcurrency: config.READ_CONCURRENCY,
      decodeConcurrency: config.DECODE_CONCURRENCY,
      extractConcurrency: config.VIDEO_EXTRACT_CONCURRENCY,
    },
    { files, uploads: ports.uploads, decoder: ports.decoder, clips: ports.clips, deliveries, outcomes, watermarks, metrics, logger, now },
  );

  let closed = false;
  const rescan = async (trigger: RescanTrigger): Promise<number> => {
    metrics.rescanned(trigger);
    const found = await rescanCameras(root, { files, cameras: ports.cameras, notice: (file) => tracker.notice(file) });
    logger.info({ trigger, found }, 'camera folders rescanned');
    return found;
  };
  const rescanUntilDone = (trigger: RescanTrigger): void => {
    rescan(trigger).catch((error: unknown) => {
      logger.warn({ err: error, trigger }, 'rescan failed; retrying');
      if (!closed) setTimeout(() => rescanUntilDone(trigger), config.RETRY_MAX_MS).unref();
    });
  };

  activity.start(config.CAMERA_FLUSH_INTERVAL_MS);
  await watcher.start({
    onFile: (file) => tracker.notice(file),
    onError: (error) => logger.error({ err: error }, 'file watcher error'),
    onGap: () => {
      logger.warn('file watcher lost events: rescanning');
      rescanUntilDone('watcher_gap');
    },
  });
  const stopRecovery = onRedisRecovery(redis, () => {
    logger.info('redis is back: redelivering parked uploads and rescanning');
    deliveries.retryNow();
    rescanUntilDone('redis_recovered');
  });
  rescanUntilDone('start');
  const watchFailure = watcher.failure();
  if (watchFailure) logger.error({ root, reason: watchFailure }, 'camera folders not watched');
  else logger.info({ root, polling: config.FILE_WATCHER_POLLING }, 'watching camera folders');

  return {
    root,
    readiness: () => ({ watcher: watcher.isRunning(), queue_redis: redis.status === 'ready' }),
    rescan,
    backlog: () => ({ following: tracker.activeCount, parked: deliveries.parkedCount }),
    health: () =>
      ingestHealth({ watchFailure: watcher.failure(), videoFailure, following: tracker.activeCount, parked: deliveries.parkedCount, parkedBecause: deliveries.parkedBecause }),
    async close() {
      closed = true;
      stopRecovery();
      await watcher.close();
      await tracker.close();
      await deliveries.stop();
      await activity.stop();
      await ports.enqueuer.close();
    },
  };
}
