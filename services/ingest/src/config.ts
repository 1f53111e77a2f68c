import { baseServiceEnv, envBoolean, envInt, envNumber } from '@secpipe/core';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_VIDEO_EXTENSIONS } from './files/uploadFilter';

/** `.mp4,.MKV, avi` -> ['.mp4', '.mkv', '.avi']; empty turns clips off. */
const extensionList = z
  .string()
  .default(DEFAULT_VIDEO_EXTENSIONS.join(','))
  .transform((value) =>
    value
      .split(',')
      .map((ext) => ext.trim().toLowerCase())
      .filter((ext) => ext !== '')
      .map((ext) => (ext.startsWith('.') ? ext : `.${ext}`)),
  )
  .refine((list) => list.every((ext) => /^\.[a-z0-9]{1,10}$/.test(ext) && !['.jpg', '.jpeg', '.png'].includes(ext)), {
    message: 'must be a comma-separated list of file extensions such as .mp4,.mkv (not an image extension)',
  });

/** Environment of the ingest service, parsed once at boot (see README for every key). */
export const ingestConfigSchema = baseServiceEnv(9101).extend({
  /** One folder per camera below this root; created when missing. */
  CAMERA_ROOT: z.string().min(1).default('./data/cameras'),
  /** Polling instead of native events, for NFS/SMB mounts where inotify sees nothing. */
  FILE_WATCHER_POLLING: envBoolean(false),
  FILE_WATCHER_POLL_INTERVAL_MS: envInt(500, 50, 60_000),
  /** A file without an end marker is complete once its size has not changed for this long. */
  STABILITY_MS: envInt(1000, 50, 60_000),
  /** Give up on a file that is still changing (or still truncated) after this long: `incomplete`. */
  STABILITY_TIMEOUT_MS: envInt(10_000, 100, 600_000),
  /** How often a file that is not complete yet is looked at again. */
  STABILITY_POLL_MS: envInt(100, 10, 5000),
  MIN_IMAGE_BYTES: envInt(10_240, 0),
  /** Longest side accepted; anything larger is not a camera snapshot (`unsupported`). */
  MAX_IMAGE_SIDE: envInt(16_384, 1, 65_535),
  DEDUPE_TTL_SECONDS: envInt(300, 1, 7 * 24 * 3600),
  AUTO_CREATE_CAMERAS: envBoolean(true),
  /** Uploads read from disk at the same time. */
  READ_CONCURRENCY: envInt(16, 1, 256),
  /**
   * Uploads decoded at the same time. Decoding is CPU-bound: more than the cores only slices
   * the CPU between decodes, so every upload waits longer. Default: the cores available.
   */
  DECODE_CONCURRENCY: envInt(availableParallelism(), 1, 256),
  /** Camera last_seen_at and watermarks are written in batches this often. */
  CAMERA_FLUSH_INTERVAL_MS: envInt(500, 10, 60_000),
  /** Backoff between enqueue retries while Redis (or PostgreSQL) is unavailable. */
  RETRY_MIN_MS: envInt(200, 10, 60_000),
  RETRY_MAX_MS: envInt(5000, 10, 600_000),
  /** Video containers taken as clips (probed with ffprobe, frames extracted with ffmpeg). */
  VIDEO_EXTENSIONS: extensionList,
  /** After the first frame, one frame every this many seconds of the clip. */
  VIDEO_FRAME_INTERVAL_SECONDS: envNumber(4, 0.1, 3600),
  /** Frames taken from one clip at most, the first included (each is one ffmpeg input: capped at 200). */
  VIDEO_MAX_FRAMES: envInt(20, 1, 200),
  /** An ffprobe or ffmpeg run still going after this long is killed and the clip rejected `corrupt`. */
  VIDEO_EXTRACT_TIMEOUT_MS: envInt(120_000, 1000, 3_600_000),
  /** Clips probed and extracted at the same time (one ffmpeg process each). */
  VIDEO_EXTRACT_CONCURRENCY: envInt(2, 1, 64),
  /** A system ffmpeg / ffprobe instead of the builds shipped in the npm packages. */
  FFMPEG_PATH: z.string().min(1).optional(),
  FFPROBE_PATH: z.string().min(1).optional(),
});

export type IngestConfig = z.output<typeof ingestConfigSchema>;
