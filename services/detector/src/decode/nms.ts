import type { BoxXyxy } from '../preprocess/letterbox';
import type { RawDetection } from './rawDetection';

export function iou(a: BoxXyxy, b: BoxXyxy): number {
  const width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const area = (box: BoxXyxy) => Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
  return intersection / (area(a) + area(b) - intersection);
}

/**
 * Class-wise greedy non-maximum suppression: within each class, keep the highest-scoring box and
 * drop the others that overlap it by more than `iouThreshold`. Boxes of different classes never
 * suppress each other (a person next to a car stays). Result sorted by score, highest first;
 * ties keep their input order, so the result is deterministic.
 */
export function classWiseNms(candidates: RawDetection[], iouThreshold: number, maxDetections = 300): RawDetection[] {
  const ordered = candidates.map((c, i) => ({ c, i })).sort((a, b) => b.c.score - a.c.score || a.i - b.i);
  const kept: RawDetection[] = [];
  for (const { c } of ordered) {
    if (kept.length >= maxDetections) break;
    if (kept.some((k) => k.classId === c.classId && iou(k.box, c.box) > iouThreshold)) continue;
    kept.push(c);
  }
  return kept;
}
