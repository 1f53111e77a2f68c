import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { RejectionReason } from '../images/validateUpload';
import { extractClipFrames } from './clipFrames';
import type { ExtractedFrame, FrameExtractor, FrameSampling } from './frameExtractor';
import type { VideoInfo, VideoProbe } from './videoProbe';

export interface ClipPorts {
  probe: VideoProbe;
  extractor: FrameExtractor;
  sampling: FrameSampling;
  /** Longest side accepted, as for images (`MAX_IMAGE_SIDE`). */
  maxSide: number;
}

export type ClipVerdict =
  | { accepted: true; sha256: string; info: VideoInfo; folder: string; frames: ExtractedFrame[] }
  | { accepted: false; reason: RejectionReason; detail: string };

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Judges a clip that is final (size stable) and takes its frames: not a readable container ->
 * `corrupt` (as an image that does not decode), no video stream or too large -> `unsupported`,
 * frames that cannot be decoded (cut off mid-upload) -> `corrupt`. Nothing is enqueued for a
 * rejected clip.
 */
export async function prepareClip(file: string, ports: ClipPorts): Promise<ClipVerdict> {
  const probed = await ports.probe.probe(file);
  if (!probed.readable) return { accepted: false, reason: probed.problem === 'no_video' ? 'unsupported' : 'corrupt', detail: probed.detail };
  const { info } = probed;
  if (info.width > ports.maxSide || info.height > ports.maxSide) return { accepted: false, reason: 'unsupported', detail: `dimensions ${info.width}x${info.height}` };
  const sha256 = await sha256OfFile(file);
  const extraction = await extractClipFrames(file, sha256, ports.extractor, ports.sampling, info.durationSeconds);
  if (!extraction.ok) return { accepted: false, reason: 'corrupt', detail: extraction.detail };
  return { accepted: true, sha256, info, folder: extraction.folder, frames: extraction.frames };
}
