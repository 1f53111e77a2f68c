import type { InferenceSession } from './onnxRuntime';

export type ModelFamily = 'detr' | 'yolo';

/** What the detector needs to know about a model, read from its input/output signature. */
export interface ModelSignature {
  family: ModelFamily;
  imageInput: string;
  /** DETR exports only: the (width, height) input that scales boxes to original pixels. */
  sizeInput?: string;
  outputs: { labels: string; boxes: string; scores: string } | { predictions: string };
  inputWidth: number;
  inputHeight: number;
  /** A symbolic batch axis accepts any batch size; a fixed one accepts exactly that many. */
  dynamicBatch: boolean;
  fixedBatch: number;
}

export class UnsupportedModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedModelError';
  }
}

type Metadata = InferenceSession.ValueMetadata;

const shapeOf = (m: Metadata | undefined): ReadonlyArray<number | string> => (m && m.isTensor ? m.shape : []);
const isFixed = (dim: number | string | undefined): dim is number => typeof dim === 'number' && dim > 0;

function describe(list: readonly Metadata[]): string {
  return list.map((m) => `${m.name}[${shapeOf(m).join(',')}]`).join(', ');
}

/**
 * DETR family (RT-DETR, RT-DETRv2, D-FINE, RF-DETR): `images` + `orig_target_sizes` in,
 * `labels`/`boxes`/`scores` out, no NMS. YOLO family: one image input, one [N, 4+C, A] output.
 */
export function readSignature(
  inputs: readonly Metadata[],
  outputs: readonly Metadata[],
  fallbackInputSize: number,
): ModelSignature {
  const image = inputs.find((m) => shapeOf(m).length === 4);
  if (!image) throw new UnsupportedModelError(`no [N,3,H,W] image input among: ${describe(inputs)}`);
  const [batch, , height, width] = shapeOf(image);
  const base = {
    imageInput: image.name,
    inputWidth: isFixed(width) ? width : fallbackInputSize,
    inputHeight: isFixed(height) ? height : fallbackInputSize,
    dynamicBatch: !isFixed(batch),
    fixedBatch: isFixed(batch) ? batch : 0,
  };
  const names = new Set(outputs.map((m) => m.name));
  const sizeInput = inputs.find((m) => m !== image && shapeOf(m).length === 2);
  if (sizeInput && ['labels', 'boxes', 'scores'].every((n) => names.has(n))) {
    return { ...base, family: 'detr', sizeInput: sizeInput.name, outputs: { labels: 'labels', boxes: 'boxes', scores: 'scores' } };
  }
  if (inputs.length === 1 && outputs.length === 1 && shapeOf(outputs[0]).length === 3) {
    return { ...base, family: 'yolo', outputs: { predictions: outputs[0].name } };
  }
  throw new UnsupportedModelError(
    `unrecognised model signature (inputs ${describe(inputs)}; outputs ${describe(outputs)}); ` +
      'expected a DETR export (images + orig_target_sizes -> labels, boxes, scores) or a YOLO export (one [N,4+C,A] output)',
  );
}
