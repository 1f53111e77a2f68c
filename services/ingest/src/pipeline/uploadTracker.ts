import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { newCorrelationId, type Logger } from '@secpipe/core';
import { cameraFolderOf, type CameraFolder } from '../cameras/cameraId';
import type { UploadFiles } from '../files/uploadFiles';
import type { UploadFilter, UploadKind } from '../files/uploadFilter';
import type { FileSnapshot } from '../files/uploadFiles';
import type { ImageDecoder } from '../images/imageDecoder';
import { validateUpload, type UploadLimits } from '../images/validateUpload';
import type { IngestMetrics } from '../ops/ingestMetrics';
import { clipJobs } from '../video/clipJobs';
import { prepareClip, type ClipPorts } from '../video/prepareClip';
import { awaitCompleteUpload, type Completion, type CompletionSettings } from './awaitCompleteUpload';
import { ConcurrencyLimit } from './concurrencyLimit';
import type { DeliveryQueue } from './deliveryQueue';
import type { UploadOutcomes, UploadRef } from './uploadOutcomes';
import type { WatermarkTracker } from './watermarkTracker';
import { Wakeup } from './wakeup';

export interface UploadTrackerSettings {
  root: string;
  completion: CompletionSettings;
  limits: UploadLimits;
  readConcurrency: number;
  decodeConcurrency: number;
  /** Clips probed and extracted at once (each runs ffmpeg; `VIDEO_EXTRACT_CONCURRENCY`). */
  extractConcurrency: number;
}

export interface UploadTrackerPorts {
  files: UploadFiles;
  uploads: UploadFilter;
  decoder: ImageDecoder;
  clips: Omit<ClipPorts, 'maxSide'>;
  deliveries: DeliveryQueue;
  outcomes: UploadOutcomes;
  watermarks: WatermarkTracker;
  metrics: IngestMetrics;
  logger: Logger;
  now: () => number;
}

/**
 * Follows each noticed upload from the first event to its outcome, one follow-up per path:
 * further events for a path being followed only wake its completion check.
 */
export class UploadTracker {
  private readonly active = new Map<string, Wakeup>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly readLimit: ConcurrencyLimit;
  private readonly decodeLimit: ConcurrencyLimit;
  private readonly extractLimit: ConcurrencyLimit;
  private closing = false;
  private arrivals = 0;

  constructor(
    private readonly settings: UploadTrackerSettings,
    private readonly ports: UploadTrackerPorts,
  ) {
    this.readLimit = new ConcurrencyLimit(settings.readConcurrency);
    this.decodeLimit = new ConcurrencyLimit(settings.decodeConcurrency);
    this.extractLimit = new ConcurrencyLimit(settings.extractConcurrency);
  }

  get activeCount(): number {
    return this.active.size;
  }

  notice(file: string): void {
    const kind = this.ports.uploads.kindOf(file);
    if (this.closing || !kind) return;
    const camera = cameraFolderOf(this.settings.root, file);
    if (!camera) return;
    const following = this.active.get(file);
    if (following) return following.poke();
    const wakeup = new Wakeup();
    this.active.set(file, wakeup);
    this.ports.watermarks.begin(camera.cameraId, file);
    this.arrivals += 1;
    const task = this.follow(file, kind, camera, wakeup, this.arrivals)
      .catch((error: unknown) => this.ports.logger.error({ err: error, file }, 'upload handling failed'))
      .finally(() => {
        this.active.delete(file);
        this.tasks.delete(task);
      });
    this.tasks.add(task);
  }

  private async follow(file: string, kind: UploadKind, camera: CameraFolder, wakeup: Wakeup, priority: number): Promise<void> {
    const { files, outcomes, watermarks } = this.ports;
    const state = await files.stat(file);
    if (!state || outcomes.wasHandled(file, state.size, state.mtimeMs)) {
      // Gone already, or the trailing event of an upload handled a moment ago: nothing new.
      watermarks.finish(camera.cameraId, file, state?.mtimeMs);
      return;
    }
    this.ports.metrics.fileSeen();
    const ref: UploadRef = { file, cameraId: camera.cameraId, correlationId: newCorrelationId() };
    for (;;) {
      const completion = await awaitCompleteUpload(file, this.settings.completion, {
        files,
        decoder: this.ports.decoder,
        readLimit: this.readLimit,
        decodeLimit: this.decodeLimit,
        priority,
        now: this.ports.now,
        wakeup,
        onObserved: (mtimeMs) => watermarks.observe(camera.cameraId, file, mtimeMs),
        isClosing: () => this.closing,
        sizeOnly: kind === 'video',
      });
      if ((await this.settle(ref, kind, camera, completion, priority, wakeup)) !== 'still_growing') return;
    }
  }

  /** `still_growing`: a clip changed while it was being prepared (an upload that paused longer than STABILITY_MS). */
  private async settle(ref: UploadRef, kind: UploadKind, camera: CameraFolder, completion: Completion, priority: number, wakeup: Wakeup): Promise<'still_growing' | void> {
    const { outcomes } = this.ports;
    if (completion.kind === 'abandoned') return; // shutting down: left in flight for the next start's rescan
    if (completion.kind === 'vanished') return outcomes.vanished(ref);
    if (completion.kind === 'incomplete') {
      return outcomes.rejected(ref, 'incomplete', 'still changing at the stability timeout', completion.snapshot);
    }
    const { snapshot } = completion;
    if (kind === 'video') return this.settleClip(ref, camera, snapshot, { at: completion.at, priority, wakeup });
    const decoded = completion.kind === 'complete' ? completion.decoded : undefined;
    const verdict = await this.decodeLimit.run(() => validateUpload(snapshot.bytes, this.settings.limits, this.ports.decoder, decoded), priority);
    if (!verdict.accepted) return outcomes.rejected(ref, verdict.reason, verdict.detail, snapshot);
    const fileHash = createHash('sha256').update(snapshot.bytes).digest('hex');
    const receivedAt = new Date(completion.at).toISOString();
    await this.ports.deliveries.submit({
      ...this.deliveryBase(ref, camera, snapshot, completion.at),
      contentHash: fileHash,
      jobs: [
        {
          v: 1,
          camera_id: camera.cameraId,
          file_path: ref.file,
          file_hash: fileHash,
          media_type: 'image',
          captured_at: new Date(snapshot.mtimeMs).toISOString(),
          received_at: receivedAt,
          correlation_id: ref.correlationId,
        },
      ],
    });
  }

  /** A final clip: probe, hash and extract its frames (bounded ffmpeg processes), then one job per frame. */
  private async settleClip(ref: UploadRef, camera: CameraFolder, snapshot: FileSnapshot, { at, priority, wakeup }: { at: number; priority: number; wakeup: Wakeup }): Promise<'still_growing' | void> {
    const clips = { ...this.ports.clips, maxSide: this.settings.limits.maxSide };
    const verdict = await this.extractLimit.run(async () => {
      const startedAt = this.ports.now();
      const prepared = await prepareClip(ref.file, clips);
      this.ports.metrics.clipPrepared((this.ports.now() - startedAt) / 1000, prepared.accepted ? prepared.frames.length : 0);
      return prepared;
    }, priority);
    // Clips have no end marker: a copy that paused past STABILITY_MS was probed half-written.
    // Judged again once it is stable, so it is neither rejected nor taken twice (a half MKV
    // probes fine and would give frames, then the whole file a second set). A clip that does not
    // read gets one more stability window to show it is still being written before it is rejected.
    if (!verdict.accepted && !this.closing) await wakeup.wait(this.settings.completion.stabilityMs);
    const after = await this.ports.files.stat(ref.file);
    if (after && (after.size !== snapshot.size || after.mtimeMs !== snapshot.mtimeMs)) {
      if (verdict.accepted) await rm(verdict.folder, { recursive: true, force: true });
      return 'still_growing';
    }
    if (!verdict.accepted) return this.ports.outcomes.rejected(ref, verdict.reason, verdict.detail, snapshot);
    const upload = { file: ref.file, cameraId: camera.cameraId, correlationId: ref.correlationId, mtimeMs: snapshot.mtimeMs, receivedAt: at };
    await this.ports.deliveries.submit({ ...this.deliveryBase(ref, camera, snapshot, at), contentHash: verdict.sha256, jobs: clipJobs(upload, verdict) });
  }

  private deliveryBase(ref: UploadRef, camera: CameraFolder, snapshot: FileSnapshot, at: number) {
    return { file: ref.file, camera, correlationId: ref.correlationId, receivedAt: new Date(at).toISOString(), mtimeMs: snapshot.mtimeMs, size: snapshot.size, completeAt: at };
  }

  /** Stops following: waiting uploads are abandoned (the next start's rescan finds them). */
  async close(): Promise<void> {
    this.closing = true;
    for (const wakeup of this.active.values()) wakeup.poke();
    await Promise.allSettled([...this.tasks]);
  }
}
