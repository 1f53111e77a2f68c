import { endMarkerState } from './endMarker';
import type { DecodeResult, ImageDecoder } from './imageDecoder';

export type RejectionReason = 'too_small' | 'corrupt' | 'unsupported' | 'incomplete';
export const REJECTION_REASONS: readonly RejectionReason[] = ['too_small', 'corrupt', 'unsupported', 'incomplete'];

export type Verdict =
  | { accepted: true; format: 'jpeg' | 'png'; width: number; height: number }
  | { accepted: false; reason: RejectionReason; detail: string };

export interface UploadLimits {
  minBytes: number;
  maxSide: number;
}

function reject(reason: RejectionReason, detail: string): Verdict {
  return { accepted: false, reason, detail };
}

/**
 * Judges the final bytes of an upload (complete, or stable long enough to be final).
 * `decoded` is the strict decode the completion check already made, reused to avoid decoding twice.
 */
export async function validateUpload(
  bytes: Buffer,
  limits: UploadLimits,
  decoder: ImageDecoder,
  decoded?: DecodeResult,
): Promise<Verdict> {
  if (bytes.length < limits.minBytes) return reject('too_small', `${bytes.length} bytes, minimum ${limits.minBytes}`);
  const result = decoded?.decoded ? decoded : await decoder.decode(bytes, { strict: false });
  if (!result.decoded) {
    if (result.format && result.format !== 'jpeg' && result.format !== 'png') return reject('unsupported', `format ${result.format}`);
    if (endMarkerState(bytes) === 'truncated') return reject('incomplete', result.error ?? 'no end marker');
    return reject('corrupt', result.error ?? 'does not decode');
  }
  const { width = 0, height = 0 } = result;
  if (width < 1 || height < 1 || width > limits.maxSide || height > limits.maxSide) {
    return reject('unsupported', `dimensions ${width}x${height}`);
  }
  return { accepted: true, format: result.format as 'jpeg' | 'png', width, height };
}
