import { Counter, Gauge, Histogram, type Registry } from '@secpipe/core';
import { REJECTION_REASONS, type RejectionReason } from '../images/validateUpload';

export type SkipReason = 'duplicate' | 'unknown_camera' | 'vanished';
export type RescanTrigger = 'start' | 'redis_recovered' | 'watcher_gap';

/** The ingest service's Prometheus metrics (names are what dashboards and alerts query). */
export class IngestMetrics {
  private readonly seen: Counter;
  private readonly accepted: Counter;
  private readonly rejected: Counter;
  private readonly skipped: Counter;
  private readonly rescans: Counter;
  private readonly latency: Histogram;
  private readonly clipFrames: Counter;
  private readonly clipSeconds: Histogram;

  private parkedUploads: () => number = () => 0;

  constructor(registry: Registry) {
    const registers = [registry];
    this.seen = new Counter({ name: 'files_seen_total', help: 'Uploads noticed (watcher or rescan)', registers });
    this.accepted = new Counter({ name: 'files_accepted_total', help: 'Uploads enqueued as detection jobs', registers });
    this.rejected = new Counter({
      name: 'files_rejected_total',
      help: 'Uploads rejected, by reason; never retried',
      labelNames: ['reason'],
      registers,
    });
    this.skipped = new Counter({
      name: 'files_skipped_total',
      help: 'Uploads not enqueued that are not faults: duplicate content, unknown camera, file gone',
      labelNames: ['reason'],
      registers,
    });
    this.rescans = new Counter({ name: 'rescans_total', help: 'Camera folder rescans, by trigger', labelNames: ['trigger'], registers });
    this.latency = new Histogram({
      name: 'watch_to_enqueue_seconds',
      help: 'From the moment an upload is seen complete to its detection job being enqueued',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.clipFrames = new Counter({ name: 'video_frames_extracted_total', help: 'Frames taken from accepted clips', registers });
    this.clipSeconds = new Histogram({
      name: 'video_prepare_seconds',
      help: 'Probing, hashing and extracting the frames of one clip (ffprobe + ffmpeg), accepted or not',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers,
    });
    const parked = () => this.parkedUploads();
    new Gauge({
      name: 'parked_uploads',
      help: 'Uploads waiting for Redis or PostgreSQL to come back',
      registers,
      collect() {
        this.set(parked());
      },
    });
    for (const reason of REJECTION_REASONS) this.rejected.inc({ reason }, 0);
  }

  reportParked(count: () => number): void {
    this.parkedUploads = count;
  }

  fileSeen(): void {
    this.seen.inc();
  }

  fileAccepted(seconds: number): void {
    this.accepted.inc();
    this.latency.observe(seconds);
  }

  clipPrepared(seconds: number, frames: number): void {
    this.clipSeconds.observe(seconds);
    this.clipFrames.inc(frames);
  }

  fileRejected(reason: RejectionReason): void {
    this.rejected.inc({ reason });
  }

  fileSkipped(reason: SkipReason): void {
    this.skipped.inc({ reason });
  }

  rescanned(trigger: RescanTrigger): void {
    this.rescans.inc({ trigger });
  }
}
