import { decodeDetr } from './detrDecoder';

describe('DETR decoder', () => {
  // Two images, two queries each; boxes in the units of the fed orig_target_sizes.
  const outputs = {
    labels: { dims: [2, 2], data: BigInt64Array.from([0n, 2n, 16n, 0n]) },
    boxes: { dims: [2, 2, 4], data: Float32Array.from([192, 108, 576, 540, 0, 0, 10, 10, 100, 50, 200, 150, 1, 1, 2, 2]) },
    scores: { dims: [2, 2], data: Float32Array.from([0.9, 0.2, 0.8, 0.6]) },
  };

  it('reads labels, scores and boxes of one image and drops low scores', () => {
    const found = decodeDetr(outputs, 0, [1920, 1080], [640, 640], 0.5);
    expect(found).toHaveLength(1);
    expect(found[0].classId).toBe(0);
    expect(found[0].score).toBeCloseTo(0.9);
    // Back to model pixels: x * 640/1920, y * 640/1080.
    expect(found[0].box.map((v) => Math.round(v * 1000) / 1000)).toEqual([64, 64, 192, 320]);
  });

  it('decodes the second image of a batch, best first', () => {
    const found = decodeDetr(outputs, 1, [640, 640], [640, 640], 0.5);
    expect(found.map((f) => f.classId)).toEqual([16, 0]);
    expect(found[0].box).toEqual([100, 50, 200, 150]);
  });
});
