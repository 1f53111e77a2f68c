/**
 * Completeness from the bytes alone, so a finished upload is accepted the moment it lands
 * instead of after a fixed wait: a JPEG ends with its EOI marker (FF D9), a PNG with its IEND
 * chunk. "truncated" means the header is there but the end is not (yet).
 */
export type ImageKind = 'jpeg' | 'png';
export type EndMarkerState = 'complete' | 'truncated' | 'not_jpeg_or_png';

const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);
const JPEG_EOI = Buffer.from([0xff, 0xd9]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Length 0, type "IEND", CRC AE 42 60 82: the last 12 bytes of every PNG. */
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

export function sniffImageKind(bytes: Buffer): ImageKind | undefined {
  if (bytes.length >= JPEG_SOI.length && bytes.subarray(0, JPEG_SOI.length).equals(JPEG_SOI)) return 'jpeg';
  if (bytes.length >= PNG_SIGNATURE.length && bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'png';
  return undefined;
}

function endsWith(bytes: Buffer, suffix: Buffer): boolean {
  return bytes.length >= suffix.length && bytes.subarray(bytes.length - suffix.length).equals(suffix);
}

export function endMarkerState(bytes: Buffer): EndMarkerState {
  const kind = sniffImageKind(bytes);
  if (kind === 'jpeg') return endsWith(bytes, JPEG_EOI) && bytes.length > JPEG_SOI.length ? 'complete' : 'truncated';
  if (kind === 'png') return endsWith(bytes, PNG_IEND) && bytes.length > PNG_SIGNATURE.length ? 'complete' : 'truncated';
  return 'not_jpeg_or_png';
}
