import type { LoadedModel } from '../model/loadModel';
import type { DetectedObject } from '../policy/detectionPolicy';
import { imageToTensor, type ImageTensor } from '../preprocess/imageTensor';
import { computeGeometry, toOriginalBox, type ResizeMode } from '../preprocess/letterbox';
import { MicroBatcher } from './microBatcher';
import { modelBatchLimit, runModelBatch, type BatchRun, type DecodeSettings } from './modelRunner';

export interface DetectionResult {
  /** Every class the model found above the decode threshold, in original pixels, best first. */
  detections: DetectedObject[];
  imageWidth: number;
  imageHeight: number;
  /** Preprocessing + waiting for the batch + the model call + decoding, for this image. */
  elapsedMs: number;
  /** The model call this image was part of. */
  inferenceMs: number;
  batchSize: number;
}

/** Receives what the detector measures (the metrics module implements it). */
export interface DetectorObserver {
  modelCall(batchSize: number, inferenceMs: number): void;
}

export interface ObjectDetectorSettings extends DecodeSettings {
  maxBatch: number;
  maxWaitMs: number;
  resize: ResizeMode | 'auto';
}

export interface DetectorInfo {
  model: string;
  family: string;
  provider: string;
  providerReason: string;
  inputWidth: number;
  inputHeight: number;
  resize: ResizeMode;
  dynamicBatch: boolean;
  maxBatch: number;
}

/** The detector adapter: `detect(image)` for one image; concurrent calls share model calls. */
export class ObjectDetector {
  readonly info: DetectorInfo;
  private readonly batcher: MicroBatcher<ImageTensor, { run: BatchRun; index: number }>;
  private readonly resize: ResizeMode;
  private warmed = false;
  private modelCalls = 0;
  private imagesDetected = 0;

  constructor(
    private readonly model: LoadedModel,
    private readonly settings: ObjectDetectorSettings,
    private readonly observer?: DetectorObserver,
  ) {
    const { signature } = model;
    this.resize = settings.resize === 'auto' ? (signature.family === 'detr' ? 'stretch' : 'letterbox') : settings.resize;
    const maxBatch = modelBatchLimit(model, settings.maxBatch);
    this.batcher = new MicroBatcher((images) => this.runBatch(images), { maxBatch, maxWaitMs: settings.maxWaitMs });
    this.info = {
      model: model.name,
      family: signature.family,
      provider: model.provider,
      providerReason: model.providerReason,
      inputWidth: signature.inputWidth,
      inputHeight: signature.inputHeight,
      resize: this.resize,
      dynamicBatch: signature.dynamicBatch,
      maxBatch,
    };
  }

  get warm(): boolean {
    return this.warmed;
  }

  stats(): { model_calls: number; images: number } {
    return { model_calls: this.modelCalls, images: this.imagesDetected };
  }

  async detect(bytes: Uint8Array): Promise<DetectionResult> {
    const started = performance.now();
    const tensor = await imageToTensor(bytes, this.info.inputWidth, this.info.inputHeight, this.resize);
    const { run, index } = await this.batcher.submit(tensor);
    this.imagesDetected += 1;
    const { geometry } = tensor;
    const detections = run.detections[index].map((raw) => ({
      className: this.model.classNames[raw.classId] ?? `class_${raw.classId}`,
      confidence: raw.score,
      bbox: toOriginalBox(raw.box, geometry),
    }));
    return {
      detections,
      imageWidth: geometry.originalWidth,
      imageHeight: geometry.originalHeight,
      elapsedMs: performance.now() - started,
      inferenceMs: run.inferenceMs,
      batchSize: run.batchSize,
    };
  }

  /** First calls allocate memory and pick kernels: pay that at start, for one and a full batch. */
  async warmUp(): Promise<void> {
    const { inputWidth: w, inputHeight: h, maxBatch } = this.info;
    const blank = (): ImageTensor => ({ data: new Float32Array(3 * w * h), geometry: computeGeometry(w, h, w, h, this.resize) });
    await runModelBatch(this.model, [blank()], this.settings);
    if (maxBatch > 1) await runModelBatch(this.model, Array.from({ length: maxBatch }, blank), this.settings);
    this.warmed = true;
  }

  /** Finishes the images already submitted, then releases the session. */
  async close(): Promise<void> {
    await this.batcher.close();
    await this.model.session.release();
  }

  private async runBatch(images: ImageTensor[]): Promise<Array<{ run: BatchRun; index: number }>> {
    const run = await runModelBatch(this.model, images, this.settings);
    this.modelCalls += 1;
    this.observer?.modelCall(run.batchSize, run.inferenceMs);
    return images.map((_, index) => ({ run, index }));
  }
}
