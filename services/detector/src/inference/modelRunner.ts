import { Tensor } from '../model/onnxRuntime';
import { decodeDetr } from '../decode/detrDecoder';
import type { OutputTensor, RawDetection } from '../decode/rawDetection';
import { decodeYolo } from '../decode/yoloDecoder';
import type { LoadedModel } from '../model/loadModel';
import type { ImageTensor } from '../preprocess/imageTensor';
import { canvasSize } from '../preprocess/letterbox';

export interface DecodeSettings {
  /** Candidates below this score are dropped while decoding. */
  minScore: number;
  iouThreshold: number;
}

export interface BatchRun {
  /** Per image, in input order: candidates in model-input pixels. */
  detections: RawDetection[][];
  inferenceMs: number;
  batchSize: number;
}

/** How many images one model call takes: any number up to maxBatch, or exactly the fixed axis. */
export function modelBatchLimit(model: LoadedModel, maxBatch: number): number {
  return model.signature.dynamicBatch ? maxBatch : model.signature.fixedBatch;
}

/**
 * One model call for a batch of prepared images, then decoding. A model with a fixed batch axis
 * larger than the batch gets zero-filled padding images, whose outputs are ignored.
 */
export async function runModelBatch(model: LoadedModel, images: ImageTensor[], settings: DecodeSettings): Promise<BatchRun> {
  const { signature, session } = model;
  const { inputWidth: w, inputHeight: h } = signature;
  const rows = signature.dynamicBatch ? images.length : signature.fixedBatch;
  const pixels = new Float32Array(rows * 3 * w * h);
  images.forEach((image, i) => pixels.set(image.data, i * 3 * w * h));
  const feeds: Record<string, Tensor> = { [signature.imageInput]: new Tensor('float32', pixels, [rows, 3, h, w]) };
  const fedSizes = images.map((image) => canvasSize(image.geometry));
  if (signature.sizeInput) {
    const sizes = new BigInt64Array(rows * 2).fill(1n);
    fedSizes.forEach(([sw, sh], i) => sizes.set([BigInt(sw), BigInt(sh)], i * 2));
    feeds[signature.sizeInput] = new Tensor('int64', sizes, [rows, 2]);
  }
  const started = performance.now();
  const outputs = await session.run(feeds);
  const inferenceMs = performance.now() - started;
  const tensor = (name: string) => outputs[name] as unknown as OutputTensor;
  const out = signature.outputs;
  const detections = images.map((_, i) =>
    'predictions' in out
      ? decodeYolo(tensor(out.predictions), i, model.classNames.length, settings.minScore, settings.iouThreshold)
      : decodeDetr({ labels: tensor(out.labels), boxes: tensor(out.boxes), scores: tensor(out.scores) }, i, fedSizes[i], [w, h], settings.minScore),
  );
  for (const value of Object.values(outputs)) value.dispose();
  return { detections, inferenceMs, batchSize: images.length };
}
