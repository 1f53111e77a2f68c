import { makeJpeg, makePng, makeTinyJpeg, textPosingAsImage, truncated } from '@secpipe/testing';
import sharp from 'sharp';
import { SharpImageDecoder } from './imageDecoder';
import { validateUpload } from './validateUpload';

describe('validateUpload', () => {
  const decoder = new SharpImageDecoder();
  const limits = { minBytes: 10 * 1024, maxSide: 4096 };
  const validate = (bytes: Buffer) => validateUpload(bytes, limits, decoder);

  it('accepts a JPEG and a PNG with their dimensions', async () => {
    await expect(validate(await makeJpeg({ width: 320, height: 200 }))).resolves.toEqual({
      accepted: true,
      format: 'jpeg',
      width: 320,
      height: 200,
    });
    await expect(validate(await makePng({ width: 100, height: 80 }))).resolves.toMatchObject({ accepted: true, format: 'png' });
  });

  it('rejects what is below the minimum size, empty files included', async () => {
    await expect(validate(await makeTinyJpeg())).resolves.toMatchObject({ accepted: false, reason: 'too_small' });
    await expect(validate(Buffer.alloc(0))).resolves.toMatchObject({ accepted: false, reason: 'too_small' });
  });

  it('rejects text saved as .jpg as corrupt', async () => {
    await expect(validate(textPosingAsImage(20_000))).resolves.toMatchObject({ accepted: false, reason: 'corrupt' });
  });

  it('rejects truncated JPEG and PNG files as incomplete', async () => {
    const jpeg = truncated(await makeJpeg({ width: 512, height: 384 }), 0.6);
    const png = truncated(await makePng({ width: 200, height: 200 }), 0.6);
    await expect(validate(jpeg)).resolves.toMatchObject({ accepted: false, reason: 'incomplete' });
    await expect(validate(png)).resolves.toMatchObject({ accepted: false, reason: 'incomplete' });
  });

  it('rejects a JPEG whose headers are garbage between intact markers as corrupt', async () => {
    const jpeg = await makeJpeg({ width: 512, height: 384 });
    const damaged = Buffer.concat([jpeg.subarray(0, 3), textPosingAsImage(jpeg.length - 5), jpeg.subarray(-2)]);
    await expect(validate(damaged)).resolves.toMatchObject({ accepted: false, reason: 'corrupt' });
  });

  it('rejects other image formats and absurd dimensions as unsupported', async () => {
    const gif = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#888' } })
      .gif()
      .toBuffer();
    await expect(validateUpload(gif, { ...limits, minBytes: 0 }, decoder)).resolves.toMatchObject({ accepted: false, reason: 'unsupported' });
    const wide = await makeJpeg({ width: 5000, height: 8 });
    await expect(validateUpload(wide, { ...limits, minBytes: 0 }, decoder)).resolves.toMatchObject({ accepted: false, reason: 'unsupported' });
  });
});
