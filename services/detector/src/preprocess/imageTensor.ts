import sharp, { type Sharp } from 'sharp';
import { PermanentError } from '@secpipe/core';
import { computeGeometry, type ImageGeometry, type ResizeMode } from './letterbox';

/** Bytes that are not a decodable image: no retry can fix that. */
export class UnreadableImageError extends PermanentError {
  constructor(detail: string, cause?: unknown) {
    super(`image is unreadable: ${detail}`, 'unreadable_image', { cause });
    this.name = 'UnreadableImageError';
  }
}

export interface ImageTensor {
  /** float32 CHW, RGB, 0..1, inputWidth x inputHeight. */
  data: Float32Array;
  geometry: ImageGeometry;
}

async function orientedSize(image: Sharp): Promise<{ width: number; height: number }> {
  const meta = await image.metadata();
  // Camera JPEGs may carry an EXIF rotation; boxes refer to the image as it is displayed.
  const size = meta.autoOrient ?? { width: meta.width, height: meta.height };
  if (!size.width || !size.height) throw new UnreadableImageError('no dimensions');
  return { width: size.width, height: size.height };
}

/** byte -> byte / 255 as float32: a table lookup is faster than dividing 1.2 M times per image. */
const UNIT_SCALE = Float32Array.from({ length: 256 }, (_, value) => value / 255);

/** The grey YOLO exports are trained to see in the padding (114/255), exactly as a pixel of 114 reads. */
const PAD_GREY = UNIT_SCALE[114];

/**
 * Decodes, orients and resizes to the geometry's resized size only: the padding is written
 * straight into the tensor, and the conversion handles just the image region (a 16:9 frame is
 * 56 % of a square input) instead of having sharp pad and converting grey bytes it already knows.
 */
async function resizedRgb(image: Sharp, geometry: ImageGeometry): Promise<Buffer> {
  const { data, info } = await image
    .autoOrient()
    // Bilinear, as the RT-DETR and YOLO training pipelines resize (PIL / cv2 INTER_LINEAR); it
    // is also cheaper than sharp's default lanczos3.
    .resize(geometry.resizedWidth, geometry.resizedHeight, { fit: 'fill', kernel: 'linear' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  // The copy below indexes by the geometry: any other shape would silently scramble the tensor.
  if (info.width !== geometry.resizedWidth || info.height !== geometry.resizedHeight || info.channels !== 3) {
    throw new UnreadableImageError(`decoded to ${info.width}x${info.height}x${info.channels}, expected ${geometry.resizedWidth}x${geometry.resizedHeight}x3`);
  }
  return data;
}

/** Reading the bytes as 32-bit words assumes little-endian order (x86, ARM as Node runs them). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Converts `count` interleaved RGB pixels starting at byte `from` into the three planes at `to`.
 * Where `from` is word-aligned, four pixels are read as three 32-bit words: a quarter of the
 * loads, which halves the loop's time. The rest go byte by byte.
 */
function convertRun(rgb: Buffer, words: Uint32Array | null, from: number, data: Float32Array, to: number, count: number, plane: number): void {
  const end = to + count;
  let i = to;
  let at = from;
  if (words && at % 4 === 0) {
    for (let k = at / 4; i + 4 <= end; i += 4, k += 3, at += 12) {
      const w0 = words[k];
      const w1 = words[k + 1];
      const w2 = words[k + 2];
      // Bytes r0 g0 b0 r1 | g1 b1 r2 g2 | b2 r3 g3 b3, lowest first.
      data[i] = UNIT_SCALE[w0 & 255];
      data[plane + i] = UNIT_SCALE[(w0 >>> 8) & 255];
      data[2 * plane + i] = UNIT_SCALE[(w0 >>> 16) & 255];
      data[i + 1] = UNIT_SCALE[w0 >>> 24];
      data[plane + i + 1] = UNIT_SCALE[w1 & 255];
      data[2 * plane + i + 1] = UNIT_SCALE[(w1 >>> 8) & 255];
      data[i + 2] = UNIT_SCALE[(w1 >>> 16) & 255];
      data[plane + i + 2] = UNIT_SCALE[w1 >>> 24];
      data[2 * plane + i + 2] = UNIT_SCALE[w2 & 255];
      data[i + 3] = UNIT_SCALE[(w2 >>> 8) & 255];
      data[plane + i + 3] = UNIT_SCALE[(w2 >>> 16) & 255];
      data[2 * plane + i + 3] = UNIT_SCALE[w2 >>> 24];
    }
  }
  for (; i < end; i += 1, at += 3) {
    data[i] = UNIT_SCALE[rgb[at]];
    data[plane + i] = UNIT_SCALE[rgb[at + 1]];
    data[2 * plane + i] = UNIT_SCALE[rgb[at + 2]];
  }
}

/** Interleaved RGB bytes (HWC) of the resized image -> its region of planar float32 (CHW) in 0..1. */
function copyImageRegion(rgb: Buffer, data: Float32Array, geometry: ImageGeometry): void {
  const { inputWidth, inputHeight, resizedWidth, resizedHeight, padLeft, padTop } = geometry;
  const plane = inputWidth * inputHeight;
  const words = LITTLE_ENDIAN && rgb.byteOffset % 4 === 0 ? new Uint32Array(rgb.buffer, rgb.byteOffset, rgb.length >>> 2) : null;
  for (let y = 0; y < resizedHeight; y += 1) {
    convertRun(rgb, words, y * resizedWidth * 3, data, (padTop + y) * inputWidth + padLeft, resizedWidth, plane);
  }
}

/** Decodes, orients, resizes (letterbox or stretch) and converts one image for the model. */
export async function imageToTensor(bytes: Uint8Array, inputWidth: number, inputHeight: number, mode: ResizeMode): Promise<ImageTensor> {
  try {
    const image = sharp(bytes, { failOn: 'error' });
    const { width, height } = await orientedSize(image);
    const geometry = computeGeometry(width, height, inputWidth, inputHeight, mode);
    const decoding = resizedRgb(image, geometry);
    // While libvips decodes on its own thread, this one takes the page faults of the fresh tensor
    // (on a loaded machine as costly as the conversion itself) and writes the padding: grey
    // everywhere, as the image region is overwritten next.
    const data = new Float32Array(3 * inputWidth * inputHeight).fill(PAD_GREY);
    copyImageRegion(await decoding, data, geometry);
    return { data, geometry };
  } catch (error) {
    if (error instanceof UnreadableImageError) throw error;
    throw new UnreadableImageError((error as Error).message, error);
  }
}
