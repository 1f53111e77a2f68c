import { decodeYolo } from './yoloDecoder';

/** [1, 4+C, A] channels-first, as Ultralytics exports it. */
function yoloTensor(anchors: Array<{ box: [number, number, number, number]; scores: number[] }>, classes: number, transposed = false) {
  const channels = 4 + classes;
  const data = new Float32Array(channels * anchors.length);
  anchors.forEach((a, i) => {
    const values = [...a.box, ...a.scores];
    values.forEach((v, c) => {
      data[transposed ? i * channels + c : c * anchors.length + i] = v;
    });
  });
  return { dims: transposed ? [1, anchors.length, channels] : [1, channels, anchors.length], data };
}

describe('YOLO decoder', () => {
  const anchors = [
    { box: [50, 50, 20, 40] as [number, number, number, number], scores: [0.9, 0.1, 0] },
    { box: [51, 50, 20, 40] as [number, number, number, number], scores: [0.8, 0, 0] }, // duplicate, suppressed
    { box: [50, 50, 20, 40] as [number, number, number, number], scores: [0, 0, 0.7] }, // same place, other class
    { box: [200, 200, 10, 10] as [number, number, number, number], scores: [0.3, 0, 0] }, // below threshold
  ];

  it('takes the best class per anchor, converts cx/cy/w/h and applies class-wise NMS', () => {
    const found = decodeYolo(yoloTensor(anchors, 3), 0, 3, 0.5, 0.45);
    expect(found.map((f) => [f.classId, Math.round(f.score * 10) / 10])).toEqual([
      [0, 0.9],
      [2, 0.7],
    ]);
    expect(found[0].box).toEqual([40, 30, 60, 70]);
  });

  it('reads the transposed [N, A, 4+C] layout the same way', () => {
    const a = decodeYolo(yoloTensor(anchors, 3), 0, 3, 0.5, 0.45);
    const b = decodeYolo(yoloTensor(anchors, 3, true), 0, 3, 0.5, 0.45);
    expect(b).toEqual(a);
  });

  it('finds the channel axis by the class count even when anchors are fewer than channels', () => {
    const found = decodeYolo(yoloTensor(anchors.slice(0, 1), 80 - 0), 0, 80, 0.5, 0.45);
    expect(found).toHaveLength(1);
    expect(found[0].classId).toBe(0);
  });

  it('decodes image 1 of a batch from its own slice', () => {
    const one = yoloTensor(anchors, 3);
    const batch = { dims: [2, one.dims[1], one.dims[2]], data: Float32Array.from([...new Float32Array(one.data.length), ...one.data]) };
    expect(decodeYolo(batch, 0, 3, 0.5, 0.45)).toEqual([]);
    expect(decodeYolo(batch, 1, 3, 0.5, 0.45)).toHaveLength(2);
  });
});
