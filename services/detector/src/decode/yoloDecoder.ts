import { classWiseNms } from './nms';
import type { OutputTensor, RawDetection } from './rawDetection';

/**
 * YOLO-family output (Ultralytics v8 and later) for image `index`: [N, 4+C, A] with cx, cy, w, h
 * in model-input pixels and one score per class, no objectness. Exports transposed to
 * [N, A, 4+C] are read too: the axis of length 4 + classCount is the channel axis (failing that,
 * the shorter one). Best class per anchor, then class-wise NMS.
 */
export function decodeYolo(output: OutputTensor, index: number, classCount: number, minScore: number, iouThreshold: number): RawDetection[] {
  const [, d1, d2] = output.dims;
  const channelsFirst = d1 === 4 + classCount || (d2 !== 4 + classCount && d1 <= d2);
  const channels = channelsFirst ? d1 : d2;
  const anchors = channelsFirst ? d2 : d1;
  const base = index * channels * anchors;
  const value = channelsFirst
    ? (channel: number, anchor: number) => Number(output.data[base + channel * anchors + anchor])
    : (channel: number, anchor: number) => Number(output.data[base + anchor * channels + channel]);
  const candidates: RawDetection[] = [];
  for (let a = 0; a < anchors; a += 1) {
    let classId = -1;
    let score = -Infinity;
    for (let c = 4; c < channels; c += 1) {
      const s = value(c, a);
      if (s > score) {
        score = s;
        classId = c - 4;
      }
    }
    if (!(score >= minScore)) continue;
    const cx = value(0, a);
    const cy = value(1, a);
    const w = value(2, a);
    const h = value(3, a);
    if (!(w > 0 && h > 0)) continue;
    candidates.push({ classId, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
  }
  return classWiseNms(candidates, iouThreshold);
}
