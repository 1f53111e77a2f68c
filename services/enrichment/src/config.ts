import path from 'node:path';
import { baseServiceEnv, envInt, envNumber } from '@secpipe/core';
import { z } from 'zod';

/** data/thumbnails of this checkout: where the API's THUMBNAIL_DIR (./data/thumbnails) points when run from the root. */
const DEFAULT_THUMBNAIL_DIR = path.resolve(__dirname, '..', '..', '..', 'data', 'thumbnails');

/** The server's own time zone, the default for hour-of-day baselines. */
const serverTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const timeZone = z
  .string()
  .default(serverTimeZone)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

/** Environment of the enrichment service, parsed once at boot (see the service README for every key). */
export const enrichmentConfigSchema = baseServiceEnv(9103).extend({
  /** Enrichment jobs in flight at once. */
  ENRICHMENT_CONCURRENCY: envInt(4, 1, 64),
  /** How often every replica looks for batches whose deadline has passed. */
  BATCH_SWEEP_INTERVAL_MS: envInt(1000, 20, 60_000),
  /** A batch closed but not handed to analysis for this long (its closer died) is finished by the sweeper. */
  BATCH_FINALIZE_RETRY_MS: envInt(10_000, 50, 600_000),
  /** How often PostgreSQL is scanned for enriched detections that no batch ever took (Redis lost its state). */
  BATCH_RECOVERY_INTERVAL_MS: envInt(60_000, 100, 3_600_000),
  /** Extra seconds past the longest batch window before an unbatched detection counts as lost. */
  BATCH_RECOVERY_GRACE_SECONDS: envInt(30, 0, 86_400),
  /** How long a detection's batch assignment is remembered in Redis (a redelivered job adds nothing). */
  BATCH_ASSIGNMENT_TTL_SECONDS: envInt(86_400, 60, 30 * 86_400),
  STATIONARY_AFTER_SECONDS: envInt(300, 1, 86_400),
  STATIONARY_IOU: envNumber(0.85, 0.1, 1),
  /** A longer pause between two sightings of the object breaks "seen continuously". */
  STATIONARY_MAX_GAP_SECONDS: envInt(120, 1, 86_400),
  /** Variance of the Laplacian (grey, 320 px wide) below which an image counts as blurry. */
  QUALITY_BLUR_THRESHOLD: envNumber(100, 0),
  /** Mean grey level (0..255) below which an image counts as dark. */
  QUALITY_DARK_THRESHOLD: envNumber(40, 0, 255),
  SITE_TIMEZONE: timeZone,
  BASELINE_MIN_SAMPLES: envInt(10, 1, 100_000),
  /** Weight of the newest sample in the moving averages (EWMA alpha). */
  BASELINE_ALPHA: envNumber(0.1, 0.001, 1),
  THUMBNAIL_DIR: z.string().min(1).default(DEFAULT_THUMBNAIL_DIR),
  THUMBNAIL_WIDTH: envInt(320, 32, 4096),
  /** Unset = on when the OCR model files are installed. */
  OCR_ENABLED: z.enum(['true', 'false', '1', '0', 'yes', 'no', 'auto']).default('auto'),
  /** Smallest vehicle box (pixels, each side) worth reading a plate from. */
  OCR_MIN_BOX_PX: envInt(80, 8, 4096),
  OCR_TIMEOUT_MS: envInt(5000, 100, 60_000),
});

export type EnrichmentConfig = z.output<typeof enrichmentConfigSchema>;

