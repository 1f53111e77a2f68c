import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DetectionJob } from '@secpipe/core';
import type { ClipVerdict } from './prepareClip';

type AcceptedClip = Extract<ClipVerdict, { accepted: true }>;

export interface ClipUpload {
  file: string;
  cameraId: string;
  correlationId: string;
  /** The clip's mtime (ms): when its last byte was written, i.e. about when recording ended. */
  mtimeMs: number;
  receivedAt: number;
}

/** A frame's content key: the clip's hash and where in it the frame lies (see the catalog's videoFrameSchema). */
export function frameHash(videoHash: string, offsetSeconds: number): string {
  return createHash('sha256').update(`${videoHash}@${Math.round(offsetSeconds * 1000)}`).digest('hex');
}

/**
 * One detection job per extracted frame. A frame's `captured_at` is the clip's start (its mtime
 * less its duration; the mtime alone when the duration is unknown) plus the frame's offset, so
 * a clip's detections are ordered in time as they happened.
 */
export function clipJobs(upload: ClipUpload, clip: AcceptedClip): DetectionJob[] {
  const startMs = upload.mtimeMs - Math.round((clip.info.durationSeconds ?? 0) * 1000);
  return clip.frames.map((frame, index) => ({
    v: 1,
    camera_id: upload.cameraId,
    file_path: path.join(clip.folder, frame.name),
    file_hash: frameHash(clip.sha256, frame.offsetSeconds),
    media_type: 'video',
    captured_at: new Date(startMs + Math.round(frame.offsetSeconds * 1000)).toISOString(),
    received_at: new Date(upload.receivedAt).toISOString(),
    correlation_id: upload.correlationId,
    video: {
      video_path: upload.file,
      video_hash: clip.sha256,
      frame_offset: frame.offsetSeconds,
      frame_index: index,
      frame_count: clip.frames.length,
      duration: clip.info.durationSeconds,
      video_codec: clip.info.codec,
      video_width: clip.info.width,
      video_height: clip.info.height,
    },
  }));
}
