import sharp from 'sharp';

/** Width the image is reduced to before measuring: blur scores compare across camera resolutions. */
export const QUALITY_SAMPLE_WIDTH = 256;

export interface ImageQuality {
  /** Variance of the 4-neighbour Laplacian of the grey image: low = few edges = blurry. */
  blur_variance: number;
  /** Mean grey level, 0..255. */
  brightness: number;
}

/** Measures blur and brightness on a grey copy `QUALITY_SAMPLE_WIDTH` pixels wide. */
export async function measureImageQuality(bytes: Buffer): Promise<ImageQuality> {
  const { data, info } = await sharp(bytes).rotate().resize({ width: QUALITY_SAMPLE_WIDTH, withoutEnlargement: true }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  let sum = 0;
  for (let i = 0; i < width * height; i += 1) sum += data[i * channels];
  let lapSum = 0;
  let lapSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1; x < width - 1; x += 1) {
      const at = (xx: number, yy: number) => data[(yy * width + xx) * channels];
      const lap = at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4 * at(x, y);
      lapSum += lap;
      lapSquares += lap * lap;
      count += 1;
    }
  }
  const mean = count > 0 ? lapSum / count : 0;
  const variance = count > 0 ? lapSquares / count - mean * mean : 0;
  return { blur_variance: Math.round(Math.max(0, variance) * 100) / 100, brightness: Math.round((sum / (width * height)) * 100) / 100 };
}
