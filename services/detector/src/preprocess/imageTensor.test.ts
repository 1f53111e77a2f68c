import sharp from 'sharp';
import { imageToTensor, UnreadableImageError, type ImageTensor } from './imageTensor';

type Rgb = [number, number, number];

const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 255, 0];
/** What the model must see in the letterbox padding: 114/255 as float32, in every channel. */
const GREY = Math.fround(114 / 255);
const unit = (rgb: Rgb): Rgb => rgb.map((v) => Math.fround(v / 255)) as Rgb;

/** A lossless image whose top `splitRow` rows are `top` and the rest `bottom`. */
function twoBandPng(width: number, height: number, top: Rgb, bottom: Rgb, splitRow = height): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    const colour = y < splitRow ? top : bottom;
    for (let x = 0; x < width; x += 1) pixels.set(colour, (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** One model-input pixel of a CHW tensor. */
function pixelAt({ data, geometry }: ImageTensor, x: number, y: number): Rgb {
  const plane = geometry.inputWidth * geometry.inputHeight;
  const i = y * geometry.inputWidth + x;
  return [data[i], data[plane + i], data[2 * plane + i]];
}

/** Pixels outside the placed image, as a count of those that are not exactly the grey. */
function nonGreyPadding(tensor: ImageTensor): number {
  const { inputWidth, inputHeight, resizedWidth, resizedHeight, padLeft, padTop } = tensor.geometry;
  let wrong = 0;
  for (let y = 0; y < inputHeight; y += 1) {
    for (let x = 0; x < inputWidth; x += 1) {
      const inside = x >= padLeft && x < padLeft + resizedWidth && y >= padTop && y < padTop + resizedHeight;
      if (!inside && pixelAt(tensor, x, y).some((v) => v !== GREY)) wrong += 1;
    }
  }
  return wrong;
}

/** Pixels inside the placed image that are not exactly `rgb`. */
function offColourImagePixels(tensor: ImageTensor, rgb: Rgb): number {
  const { resizedWidth, resizedHeight, padLeft, padTop } = tensor.geometry;
  const want = unit(rgb);
  let wrong = 0;
  for (let y = padTop; y < padTop + resizedHeight; y += 1) {
    for (let x = padLeft; x < padLeft + resizedWidth; x += 1) {
      if (pixelAt(tensor, x, y).some((v, c) => v !== want[c])) wrong += 1;
    }
  }
  return wrong;
}

describe('imageToTensor', () => {
  // Each case: the image, the geometry it must get, and the pixels at the region's edges (the
  // last grey line, the first and last image lines, the first grey line after the image).
  it.each([
    {
      name: 'a landscape image: grey rows above and below, the image at padTop',
      width: 200, height: 100, colour: RED,
      geometry: { originalWidth: 200, originalHeight: 100, resizedWidth: 64, resizedHeight: 32, padLeft: 0, padTop: 16 },
      edges: [[0, 15, 'grey'], [0, 16, 'image'], [63, 47, 'image'], [63, 48, 'grey']],
    },
    {
      // 100x300 -> 21x64: 43 columns of padding, 21 left and 22 right.
      name: 'a portrait image with odd padding: the extra grey column is on the right',
      width: 100, height: 300, colour: GREEN,
      geometry: { resizedWidth: 21, resizedHeight: 64, padLeft: 21, padTop: 0 },
      edges: [[20, 30, 'grey'], [21, 30, 'image'], [41, 30, 'image'], [42, 30, 'grey']],
    },
  ] as const)('letterboxes $name', async ({ width, height, colour, geometry, edges }) => {
    const tensor = await imageToTensor(await twoBandPng(width, height, colour, colour), 64, 64, 'letterbox');
    expect(tensor.geometry).toMatchObject(geometry);
    expect(tensor.data).toHaveLength(3 * 64 * 64);
    expect(nonGreyPadding(tensor)).toBe(0);
    expect(offColourImagePixels(tensor, colour)).toBe(0);
    for (const [x, y, kind] of edges) {
      expect(pixelAt(tensor, x, y)).toEqual(kind === 'grey' ? [GREY, GREY, GREY] : unit(colour));
    }
  });

  it('stretches to the whole input without padding', async () => {
    const tensor = await imageToTensor(await twoBandPng(200, 100, RED, RED), 64, 48, 'stretch');
    expect(tensor.geometry).toMatchObject({ resizedWidth: 64, resizedHeight: 48, padLeft: 0, padTop: 0 });
    expect(offColourImagePixels(tensor, RED)).toBe(0);
  });

  it('keeps the image upright: rows stay in order within the placed region', async () => {
    // Top half red, bottom half green; the rows around the split are blended by the resize.
    const tensor = await imageToTensor(await twoBandPng(128, 64, RED, GREEN, 32), 64, 64, 'letterbox');
    expect(tensor.geometry).toMatchObject({ resizedHeight: 32, padTop: 16 });
    expect(pixelAt(tensor, 10, 16)).toEqual(unit(RED));
    expect(pixelAt(tensor, 10, 47)).toEqual(unit(GREEN));
  });

  it('applies the EXIF orientation before computing the geometry', async () => {
    // Stored 300x100 with red on top; orientation 6 displays it rotated 90 degrees clockwise:
    // 100x300 with red on the right.
    const stored = await twoBandPng(300, 100, RED, GREEN, 50);
    const bytes = await sharp(stored).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    const tensor = await imageToTensor(bytes, 64, 64, 'letterbox');
    expect(tensor.geometry).toMatchObject({ originalWidth: 100, originalHeight: 300, resizedWidth: 21, resizedHeight: 64, padLeft: 21, padTop: 0 });
    expect(nonGreyPadding(tensor)).toBe(0);
    const [leftR, leftG] = pixelAt(tensor, 22, 32);
    const [rightR, rightG] = pixelAt(tensor, 40, 32);
    expect(leftG).toBeGreaterThan(0.9);
    expect(leftR).toBeLessThan(0.1);
    expect(rightR).toBeGreaterThan(0.9);
    expect(rightG).toBeLessThan(0.1);
  });

  it('gives three channels for a greyscale image with alpha', async () => {
    const greyAlpha = Buffer.alloc(40 * 40 * 2, 0).fill(Buffer.from([200, 128]));
    const bytes = await sharp(greyAlpha, { raw: { width: 40, height: 40, channels: 2 } }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(bytes).metadata()).channels).toBe(2);
    const tensor = await imageToTensor(bytes, 32, 32, 'letterbox');
    const [r, g, b] = pixelAt(tensor, 16, 16);
    expect(r).toBe(g);
    expect(g).toBe(b);
  });

  it('rejects bytes that are not an image', async () => {
    await expect(imageToTensor(Buffer.from('not an image'), 64, 64, 'letterbox')).rejects.toBeInstanceOf(UnreadableImageError);
  });

  it('rejects a truncated JPEG: the header reads, the decode fails', async () => {
    const jpeg = await sharp(await twoBandPng(200, 100, RED, GREEN, 50)).jpeg().toBuffer();
    await expect(imageToTensor(jpeg.subarray(0, jpeg.length / 2), 64, 64, 'letterbox')).rejects.toBeInstanceOf(UnreadableImageError);
  });
});
