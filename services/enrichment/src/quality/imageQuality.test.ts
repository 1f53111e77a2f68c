import sharp from 'sharp';
import { defaultShapes, renderShapeImage } from '@secpipe/testing';
import { measureImageQuality } from './imageQuality';
import { QualityStep } from './qualityStep';
import { ImageFrame } from '../steps/imageFrame';

async function fixtures() {
  const image = await renderShapeImage({ width: 1280, height: 720, shapes: defaultShapes(1280, 720), seed: 7 });
  const blurred = await sharp(image.bytes).blur(12).jpeg().toBuffer();
  const dark = await sharp(image.bytes).linear(0.1, 0).jpeg().toBuffer();
  return { sharp: image.bytes, blurred, dark };
}

describe('image quality', () => {
  it('scores a sharp image far above its blurred copy', async () => {
    const images = await fixtures();
    const crisp = await measureImageQuality(images.sharp);
    const soft = await measureImageQuality(images.blurred);
    expect(crisp.blur_variance).toBeGreaterThan(100);
    expect(soft.blur_variance).toBeLessThan(100);
    expect(crisp.blur_variance).toBeGreaterThan(soft.blur_variance * 5);
  });

  it('flags blurry and dark images with the configured thresholds', async () => {
    const images = await fixtures();
    const step = new QualityStep({ blurVariance: 100, darkBrightness: 40 });
    const run = async (bytes: Buffer, path: string) => {
      const frame = new ImageFrame(path);
      jest.spyOn(frame, 'bytes').mockResolvedValue(bytes);
      const outcome = await step.run({ cameraId: 'cam', detectedAt: new Date(), detections: [{ id: 1 } as never], frame, so_far: new Map() });
      return outcome.parts?.get(1)?.quality;
    };
    expect(await run(images.sharp, 'sharp.jpg')).toMatchObject({ is_blurry: false, is_dark: false });
    expect(await run(images.blurred, 'blurred.jpg')).toMatchObject({ is_blurry: true, is_dark: false });
    const dark = await run(images.dark, 'dark.jpg');
    expect(dark?.is_dark).toBe(true);
    expect(dark?.brightness).toBeLessThan(40);
  });
});
