import { classWiseNms, iou } from './nms';
import type { RawDetection } from './rawDetection';

const det = (classId: number, score: number, box: [number, number, number, number]): RawDetection => ({ classId, score, box });

describe('iou', () => {
  it('is 1 for identical boxes, 0 for disjoint or touching ones', () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
  });

  it('is intersection over union', () => {
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150);
  });
});

describe('class-wise NMS', () => {
  it('keeps the best of overlapping boxes of one class', () => {
    const kept = classWiseNms([det(0, 0.8, [1, 1, 99, 99]), det(0, 0.9, [0, 0, 100, 100]), det(0, 0.7, [3, 2, 103, 102])], 0.45);
    expect(kept).toEqual([det(0, 0.9, [0, 0, 100, 100])]);
  });

  it('never lets one class suppress another', () => {
    const kept = classWiseNms([det(0, 0.9, [0, 0, 100, 100]), det(2, 0.6, [0, 0, 100, 100])], 0.45);
    expect(kept.map((k) => k.classId)).toEqual([0, 2]);
  });

  it('keeps boxes of one class that overlap less than the threshold', () => {
    const kept = classWiseNms([det(0, 0.9, [0, 0, 10, 10]), det(0, 0.8, [5, 0, 15, 10])], 0.45);
    expect(kept).toHaveLength(2);
    expect(classWiseNms([det(0, 0.9, [0, 0, 10, 10]), det(0, 0.8, [5, 0, 15, 10])], 0.3)).toHaveLength(1);
  });

  it('sorts by score and caps the count', () => {
    const many = Array.from({ length: 10 }, (_, i) => det(0, i / 10, [i * 20, 0, i * 20 + 10, 10]));
    const kept = classWiseNms(many, 0.5, 3);
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.8, 0.7]);
  });
});
