import type { BoxXyxy } from '../preprocess/letterbox';

/** One candidate from the model: class index, score and box in model-input pixels. */
export interface RawDetection {
  classId: number;
  score: number;
  box: BoxXyxy;
}

/** A model output tensor, reduced to what decoders read. */
export interface OutputTensor {
  dims: readonly number[];
  data: Float32Array | BigInt64Array | Int32Array | Float64Array;
}
