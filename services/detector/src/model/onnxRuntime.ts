// The detector's one import of onnxruntime-node: everything (benchmarks included) takes the
// runtime from here, so there is exactly one runtime and one place to swap it.
export { InferenceSession, Tensor } from 'onnxruntime-node';
