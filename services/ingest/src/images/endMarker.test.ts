import { makeJpeg, makePng, textPosingAsImage, truncated } from '@secpipe/testing';
import { endMarkerState, sniffImageKind } from './endMarker';

describe('endMarkerState', () => {
  let jpeg: Buffer;
  let png: Buffer;
  beforeAll(async () => {
    jpeg = await makeJpeg();
    png = await makePng({ width: 64, height: 48 });
  });

  it('sees complete JPEG and PNG files', () => {
    expect(sniffImageKind(jpeg)).toBe('jpeg');
    expect(sniffImageKind(png)).toBe('png');
    expect(endMarkerState(jpeg)).toBe('complete');
    expect(endMarkerState(png)).toBe('complete');
  });

  it.each([0.1, 0.5, 0.9, 0.999])('sees a JPEG and a PNG cut at %p as truncated', (fraction) => {
    expect(endMarkerState(truncated(jpeg, fraction))).toBe('truncated');
    expect(endMarkerState(truncated(png, fraction))).toBe('truncated');
  });

  it('calls a bare header truncated and anything else not an image', () => {
    expect(endMarkerState(Buffer.from([0xff, 0xd8, 0xff]))).toBe('truncated');
    expect(endMarkerState(Buffer.from([0xff, 0xd8]))).toBe('not_jpeg_or_png');
    expect(endMarkerState(Buffer.alloc(0))).toBe('not_jpeg_or_png');
    expect(endMarkerState(textPosingAsImage(100))).toBe('not_jpeg_or_png');
  });
});
