import type { RawDetection, OutputTensor } from './rawDetection';

export interface DetrOutputs {
  labels: OutputTensor;
  boxes: OutputTensor;
  scores: OutputTensor;
}

/**
 * DETR-family outputs for image `index`: labels [N,Q], boxes [N,Q,4] (xyxy, scaled by the
 * `orig_target_sizes` that were fed in), scores [N,Q]. The boxes are brought back to model-input
 * pixels by the same factor (fed size -> input size) so one mapping serves every family.
 * DETR needs no NMS: each query answers for one object.
 */
export function decodeDetr(outputs: DetrOutputs, index: number, fedSize: [number, number], inputSize: [number, number], minScore: number): RawDetection[] {
  const queries = outputs.scores.dims[1];
  const sx = inputSize[0] / fedSize[0];
  const sy = inputSize[1] / fedSize[1];
  const found: RawDetection[] = [];
  for (let q = 0; q < queries; q += 1) {
    const at = index * queries + q;
    const score = Number(outputs.scores.data[at]);
    if (!(score >= minScore)) continue;
    const b = at * 4;
    const box = outputs.boxes.data;
    found.push({
      classId: Number(outputs.labels.data[at]),
      score,
      box: [Number(box[b]) * sx, Number(box[b + 1]) * sy, Number(box[b + 2]) * sx, Number(box[b + 3]) * sy],
    });
  }
  return found.sort((a, b) => b.score - a.score);
}
