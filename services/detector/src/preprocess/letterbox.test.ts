import { canvasSize, computeGeometry, toOriginalBox } from './letterbox';

describe('letterbox geometry', () => {
  it('fits 16:9 into a square input, centred vertically', () => {
    expect(computeGeometry(1920, 1080, 640, 640, 'letterbox')).toMatchObject({ resizedWidth: 640, resizedHeight: 360, padLeft: 0, padTop: 140 });
  });

  it('fits portrait images, centred horizontally', () => {
    expect(computeGeometry(1080, 1920, 640, 640, 'letterbox')).toMatchObject({ resizedWidth: 360, resizedHeight: 640, padLeft: 140, padTop: 0 });
  });

  it('puts the odd padding pixel at the bottom/right', () => {
    const g = computeGeometry(640, 479, 640, 640, 'letterbox');
    expect(g).toMatchObject({ resizedHeight: 479, padTop: 80 });
    expect(640 - g.resizedHeight - g.padTop).toBe(81);
  });

  it('scales tiny images up and never to zero', () => {
    expect(computeGeometry(80, 60, 640, 640, 'letterbox')).toMatchObject({ resizedWidth: 640, resizedHeight: 480, padTop: 80 });
    expect(computeGeometry(5000, 1, 640, 640, 'letterbox')).toMatchObject({ resizedWidth: 640, resizedHeight: 1 });
  });

  it('stretches without padding', () => {
    expect(computeGeometry(1920, 1080, 640, 640, 'stretch')).toMatchObject({ resizedWidth: 640, resizedHeight: 640, padLeft: 0, padTop: 0 });
  });

  it('maps a model box back to original pixels, undoing padding and scale', () => {
    const g = computeGeometry(1920, 1080, 640, 640, 'letterbox');
    // Original box x 300..600, y 150..450 -> model x 100..200, y 140+50..140+150.
    expect(toOriginalBox([100, 190, 200, 290], g)).toEqual({ x: 300, y: 150, width: 300, height: 300 });
  });

  it('maps per axis when the resize rounded one side', () => {
    const g = computeGeometry(1000, 333, 640, 640, 'letterbox'); // 640 x 213 (not 213.12)
    const box = toOriginalBox([0, g.padTop, 640, g.padTop + g.resizedHeight], g);
    expect(box).toEqual({ x: 0, y: 0, width: 1000, height: 333 });
  });

  it('clips boxes that reach into the padding or past the image', () => {
    const g = computeGeometry(1920, 1080, 640, 640, 'letterbox');
    expect(toOriginalBox([-10, 100, 700, 600], g)).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  });

  it('gives DETR exports the canvas size in original pixels (padding included)', () => {
    expect(canvasSize(computeGeometry(1920, 1080, 640, 640, 'letterbox'))).toEqual([1920, 1920]);
    expect(canvasSize(computeGeometry(1920, 1080, 640, 640, 'stretch'))).toEqual([1920, 1080]);
  });
});
