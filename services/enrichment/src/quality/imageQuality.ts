import { decodePreview, type RawPreview } from '../steps/imageFrame';

/**
 * Width the image is measured at: blur scores compare across camera resolutions, and it is the
 * thumbnail's width, so both share one decode.
 */
export const QUALITY_SAMPLE_WIDTH = 320;

export interface ImageQuality {
  /** Variance of the 4-neighbour Laplacian of the grey image: low = few edges = blurry. */
  blur_variance: number;
  /** Mean grey level, 0..255. */
  brightness: number;
}

/** Grey levels (BT.601 luma) of an RGB copy. */
function greyLevels({ data, width, height, channels }: RawPreview): Float32Array {
  const grey = new Float32Array(width * height);
  for (let i = 0; i < grey.length; i += 1) {
    const at = i * channels;
    grey[i] = channels >= 3 ? 0.299 * data[at] + 0.587 * data[at + 1] + 0.114 * data[at + 2] : data[at];
  }
  return grey;
}

/** Blur (variance of the Laplacian) and brightness (mean grey) of a decoded copy. */
export function measurePreviewQuality(preview: RawPreview): ImageQuality {
  const { width, height } = preview;
  const grey = greyLevels(preview);
  let sum = 0;
  for (const level of grey) sum += level;
  let lapSum = 0;
  let lapSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1; x < width - 1; x += 1) {
      const i = y * width + x;
      const lap = grey[i - 1] + grey[i + 1] + grey[i - width] + grey[i + width] - 4 * grey[i];
      lapSum += lap;
      lapSquares += lap * lap;
      count += 1;
    }
  }
  const mean = count > 0 ? lapSum / count : 0;
  const variance = count > 0 ? lapSquares / count - mean * mean : 0;
  return { blur_variance: Math.round(Math.max(0, variance) * 100) / 100, brightness: Math.round((sum / (width * height)) * 100) / 100 };
}

/** Measures an encoded image (decoded at QUALITY_SAMPLE_WIDTH). */
export async function measureImageQuality(bytes: Buffer): Promise<ImageQuality> {
  return measurePreviewQuality(await decodePreview(bytes, QUALITY_SAMPLE_WIDTH));
}
