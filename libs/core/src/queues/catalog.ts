import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { cameraIdSchema } from '../domain/cameraId';

/**
 * The queue catalog: every queue's name, payload schema and default job options in one place.
 * Queue names and payloads are a persisted contract (jobs outlive deploys): renaming a queue or
 * changing a payload incompatibly is a migration, not a refactor.
 */
/** What every catalog entry has, whatever its payload type. */
export interface QueueEntryInfo {
  readonly name: string;
  /** Name the wire contract uses for this queue's dead letters (`dlq:<dlqName>`). */
  readonly dlqName: string;
  readonly defaultJobOptions: JobsOptions;
  /** How long a worker's claim on a job lasts and how soon a dead worker's jobs are taken back. */
  readonly lock: QueueLockSettings;
}

/**
 * BullMQ's job lock and stalled-job check, per queue. A worker holds a lock on each active job
 * and renews it every `lockRenewTimeMs` while its process lives (a long handler, such as an LLM
 * call, keeps its job however long it runs). When the process dies (SIGKILL, OOM) the lock expires
 * after at most `lockDurationMs`; the stalled check, run every `stalledIntervalMs` by any worker
 * of the queue, sees an active job without a lock on two consecutive checks and moves it back to
 * waiting. A job may stall `maxStalledCount` times; one more stall fails it (a dead letter).
 * BullMQ's defaults (30 s lock, 30 s check) left a killed detector's jobs active for 30-60 s.
 */
export interface QueueLockSettings {
  readonly lockDurationMs: number;
  /** Renewal period; half the lock, so one late renewal does not lose the job. */
  readonly lockRenewTimeMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
}

export interface QueueEntry<S extends z.ZodType = z.ZodType> extends QueueEntryInfo {
  /** What producers validate against: strict, so a typo or a stray field fails before `add`. */
  readonly schema: S;
  /**
   * What consumers parse with: the same fields, unknown keys dropped. During a rolling deploy a
   * newer producer may add an optional field; an older consumer must process that job, not
   * dead-letter it.
   */
  readonly consumerSchema: z.ZodType<z.output<S>>;
  /** Deterministic job id: a redelivered or re-added job collapses onto the same id. */
  readonly jobId: (payload: z.output<S>) => string;
}

const isoTimestamp = z.iso.datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase SHA-256 hex digest');
const cameraId = cameraIdSchema;
const correlationId = z.string().min(1).max(100);
const positiveId = z.number().int().positive();

/** Failed jobs are kept (they are the dead-letter view); completed ones age out. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };

/**
 * Retries with exponential backoff and 50% jitter. Every queue's attempts outlast an outage of
 * PostgreSQL (or of an upstream) of at least 30 s even when every delay draws its minimum:
 * 7 x 1 s waits 31.5-63 s in all before dead-lettering, 6 x 2 s 31-62 s (retryBudget.test.ts).
 */
function options(attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: false,
  };
}

/**
 * Lock and stalled check for a queue: lock `lockMs`, renewed every half of it, checked every
 * quarter of it. A killed worker's job is back in waiting at most lockMs + 2 checks after the
 * kill (one check marks it, the next moves it), and 2 checks after a restarted worker starts:
 * the check is cheap (one script over the active list), the restart is what takes the time.
 */
function lock(lockMs: number, maxStalledCount: number): QueueLockSettings {
  return { lockDurationMs: lockMs, lockRenewTimeMs: lockMs / 2, stalledIntervalMs: lockMs / 4, maxStalledCount };
}

/**
 * Payload version. Additive, optional fields keep the version (consumers drop what they do not
 * know); a change an older consumer cannot handle bumps it. Producers may omit it (it defaults
 * to the current version); jobs queued before versions existed read as version 1.
 */
const version = (current: number) => z.number().int().min(1).max(current).default(current);

/** The consumer's view of a strict producer schema: same fields, unknown keys stripped. */
function lenient<S extends z.ZodObject>(schema: S): z.ZodType<z.output<S>> {
  return z.object(schema.shape) as unknown as z.ZodType<z.output<S>>;
}

// BullMQ refuses custom ids containing ':' or made only of digits, hence the prefixes and '-'.
// Ids of per-image jobs name the camera too: identical bytes from two cameras (a "no signal"
// frame) are two cameras' uploads, not one.

/**
 * A frame taken from an uploaded clip. Additive and optional (same version): image jobs have none.
 * A video frame's `file_path` is the extracted JPEG and its `file_hash` is SHA-256 of
 * `<video sha256>@<offset ms>`, so every frame has its own job id and detection rows, and a
 * re-extraction after a crash (whatever bytes the encoder writes) collapses onto the same ids.
 */
export const videoFrameSchema = z.strictObject({
  video_path: z.string().min(1).startsWith('/', 'must be an absolute path'),
  video_hash: sha256Hex,
  /** Seconds from the start of the clip. */
  frame_offset: z.number().min(0),
  frame_index: z.number().int().min(0),
  frame_count: z.number().int().min(1),
  /** Seconds; null when the container does not say. */
  duration: z.number().min(0).nullable(),
  video_codec: z.string().min(1).max(30),
  video_width: z.number().int().positive(),
  video_height: z.number().int().positive(),
});
export type VideoFrame = z.output<typeof videoFrameSchema>;

export const detectionSchema = z.strictObject({
  v: version(1),
  camera_id: cameraId,
  file_path: z.string().min(1).startsWith('/', 'must be an absolute path'),
  file_hash: sha256Hex,
  media_type: z.enum(['image', 'video']),
  /** Present exactly when `media_type` is `video`. */
  video: videoFrameSchema.optional(),
  captured_at: isoTimestamp,
  received_at: isoTimestamp,
  correlation_id: correlationId,
});
export type DetectionJob = z.output<typeof detectionSchema>;

export const enrichmentSchema = z.strictObject({
  v: version(1),
  camera_id: cameraId,
  file_path: z.string().min(1),
  file_hash: sha256Hex,
  detection_ids: z.array(positiveId).min(1),
  detected_at: isoTimestamp,
  received_at: isoTimestamp.optional(),
  /** The clip a video frame came from (additive, optional): its frames share one batch. */
  video_hash: sha256Hex.optional(),
  correlation_id: correlationId,
});
export type EnrichmentJob = z.output<typeof enrichmentSchema>;

/** What the enrichment service learnt about a batch, so the analyzer need not recompute it. */
export const batchContextSchema = z.strictObject({
  zone_ids: z.array(z.string()).max(200),
  plates: z.array(z.string().max(32)).max(100),
  /** Highest baseline deviation (0..1) among the batch's detections; null before enough samples. */
  max_baseline_deviation: z.number().min(0).max(1).nullable(),
  /** Other cameras' detections within +-300 s of the batch. */
  cross_camera: z.array(z.strictObject({ camera_id: cameraId, detection_count: z.number().int().min(0) })).max(100),
  quality_flags: z.array(z.enum(['blurry', 'dark'])).max(2),
});
export type BatchContext = z.output<typeof batchContextSchema>;

export const analysisSchema = z.strictObject({
  v: version(1),
  batch_id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  camera_id: cameraId,
  detection_ids: z.array(positiveId).min(1),
  started_at: isoTimestamp,
  closed_at: isoTimestamp,
  close_reason: z.enum(['timeout', 'idle', 'max_size', 'fast_path']),
  is_fast_path: z.boolean(),
  context: batchContextSchema.optional(),
  correlation_id: correlationId,
});
export type AnalysisJob = z.output<typeof analysisSchema>;

/**
 * One processed image (snapshot or video frame, with or without detections) to compare against
 * its camera's reference view. Enqueued by the detector after its commit for every image.
 */
export const sceneCheckSchema = z.strictObject({
  v: version(1),
  camera_id: cameraId,
  file_path: z.string().min(1).startsWith('/', 'must be an absolute path'),
  file_hash: sha256Hex,
  captured_at: isoTimestamp,
  correlation_id: correlationId,
});
export type SceneCheckJob = z.output<typeof sceneCheckSchema>;

/** A recorded scene change to raise as an event and evaluate alert rules on (the analyzer's). */
export const sceneAlertSchema = z.strictObject({
  v: version(1),
  scene_change_id: positiveId,
  camera_id: cameraId,
  correlation_id: correlationId,
});
export type SceneAlertJob = z.output<typeof sceneAlertSchema>;

/** Channels a notification job delivers on (live WebSocket delivery needs no job). */
export const NOTIFICATION_CHANNELS = ['mqtt', 'webhook', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const notificationSchema = z.strictObject({
  v: version(1),
  alert_id: z.uuid(),
  event_id: positiveId,
  rule_id: z.uuid().nullable(),
  channels: z.array(z.string().min(1)).min(1),
  /**
   * The one channel this job delivers on: one job per alert and channel, so a failing channel
   * retries and dead-letters alone and never re-sends a delivered one. Optional (additive, same
   * version): jobs queued before it deliver on every entry of `channels`.
   */
  channel: z.enum(NOTIFICATION_CHANNELS).optional(),
  correlation_id: correlationId,
});
export type NotificationJob = z.output<typeof notificationSchema>;

export const queueCatalog = {
  detection: {
    name: 'detection',
    dlqName: 'detection_queue',
    schema: detectionSchema,
    consumerSchema: lenient(detectionSchema),
    jobId: (p) => `det-${p.camera_id}-${p.file_hash}`,
    defaultJobOptions: options(7, 1000),
    // Writes are idempotent per (camera, file, box): redoing a stalled job is harmless, and a
    // crash-looping detector may stall the same job twice before it is dead-lettered.
    lock: lock(8000, 2),
  } satisfies QueueEntry<typeof detectionSchema>,
  enrichment: {
    name: 'enrichment',
    dlqName: 'enrichment_queue',
    schema: enrichmentSchema,
    consumerSchema: lenient(enrichmentSchema),
    jobId: (p) => `enr-${p.camera_id}-${p.file_hash}`,
    defaultJobOptions: options(7, 1000),
    // Batch membership is written once per detection: redoing a stalled job is harmless.
    lock: lock(8000, 2),
  } satisfies QueueEntry<typeof enrichmentSchema>,
  analysis: {
    name: 'analysis',
    dlqName: 'analysis_queue',
    schema: analysisSchema,
    consumerSchema: lenient(analysisSchema),
    jobId: (p) => `ana-${p.batch_id}`,
    defaultJobOptions: options(6, 2000),
    // One event per batch (unique batch_id): a redo finds the event and does not score again.
    // The lock is renewed throughout a long LLM call, so only a dead analyzer gives a job up.
    lock: lock(10_000, 2),
  } satisfies QueueEntry<typeof analysisSchema>,
  notification: {
    name: 'notification',
    dlqName: 'notification_queue',
    schema: notificationSchema,
    consumerSchema: lenient(notificationSchema),
    jobId: (p) => (p.channel ? `ntf-${p.alert_id}-${p.channel}` : `ntf-${p.alert_id}`),
    defaultJobOptions: options(6, 2000),
    // A redo may deliver a message twice (a webhook that answered before the crash cannot be
    // asked): one stall is redone, a second one dead-letters the job for a person to look at.
    lock: lock(10_000, 1),
  } satisfies QueueEntry<typeof notificationSchema>,
  scene_check: {
    name: 'scene_check',
    dlqName: 'scene_check_queue',
    schema: sceneCheckSchema,
    consumerSchema: lenient(sceneCheckSchema),
    jobId: (p) => `scn-${p.camera_id}-${p.file_hash}`,
    // Retries outlast a PostgreSQL restart like the other hops (a scene change is recorded
    // there); a redo of a stalled check compares the same frame again, which is harmless.
    defaultJobOptions: options(7, 1000),
    lock: lock(8000, 2),
  } satisfies QueueEntry<typeof sceneCheckSchema>,
  scene_alert: {
    name: 'scene_alert',
    dlqName: 'scene_alert_queue',
    schema: sceneAlertSchema,
    consumerSchema: lenient(sceneAlertSchema),
    jobId: (p) => `sca-${p.scene_change_id}`,
    defaultJobOptions: options(6, 2000),
    // One event per scene change (its batch_id is unique): a redo finds it and goes on.
    lock: lock(10_000, 2),
  } satisfies QueueEntry<typeof sceneAlertSchema>,
} as const;

export type QueueName = keyof typeof queueCatalog;
export const QUEUE_NAMES = Object.keys(queueCatalog) as QueueName[];

/** Maps a dead-letter name from the wire contract (`detection_queue`) to its catalog entry. */
export function entryForDlqName(dlqName: string): QueueEntryInfo | undefined {
  return Object.values(queueCatalog).find((entry) => entry.dlqName === dlqName);
}
