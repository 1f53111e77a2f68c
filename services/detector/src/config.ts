import path from 'node:path';
import { baseServiceEnv, envInt, envNumber, port, SECURITY_CLASSES } from '@secpipe/core';
import { z } from 'zod';
import type { DetectionPolicy } from './policy/detectionPolicy';

/** deploy/models/rtdetr.onnx of this checkout, whatever the working directory. */
const DEFAULT_MODEL_PATH = path.resolve(__dirname, '..', '..', '..', 'deploy', 'models', 'rtdetr.onnx');


const commaList = (defaults: string[]) =>
  z
    .string()
    .default(defaults.join(','))
    .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const confidence = z.coerce.number().min(0).max(1);

/** "person=0.6,car=0.7" (or for cameras "front_door=0.7,driveway:car=0.8") -> { person: 0.6, ... }. */
const thresholdMap = () =>
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      const map: Record<string, number> = {};
      for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
        const [key, raw] = pair.split('=').map((part) => part?.trim());
        const parsed = confidence.safeParse(raw);
        if (!key || !parsed.success) {
          ctx.addIssue({ code: 'custom', message: `expected name=number between 0 and 1, comma separated (bad entry "${pair}")` });
          return z.NEVER;
        }
        map[key] = parsed.data;
      }
      return map;
    });

/** Environment of the detector service, parsed once at boot. */
export const detectorConfigSchema = baseServiceEnv(9102).extend({
  DETECTOR_MODEL_PATH: z.string().min(1).default(DEFAULT_MODEL_PATH),
  /** auto = CUDA when the GPU and the onnxruntime CUDA provider are both present, else CPU. */
  DETECTOR_DEVICE: z.enum(['auto', 'cpu', 'cuda'], { message: 'must be auto, cpu or cuda' }).default('auto'),
  /** auto = what the model family expects: stretch for DETR exports, letterbox for YOLO. */
  DETECTOR_RESIZE: z.enum(['auto', 'letterbox', 'stretch'], { message: 'must be auto, letterbox or stretch' }).default('auto'),
  /** Used only when the model's input height/width are symbolic. */
  DETECTOR_INPUT_SIZE: envInt(640, 32, 4096),
  DETECTOR_PORT: port(8090),
  DETECTOR_MAX_BATCH: envInt(8, 1, 64),
  DETECTOR_MAX_WAIT_MS: envInt(5, 0, 1000),
  /** Jobs in flight at once; more than one lets the micro-batcher fill batches. */
  DETECTOR_CONCURRENCY: envInt(8, 1, 128),
  DETECTOR_IOU_THRESHOLD: envNumber(0.45, 0, 1),
  DETECTOR_CLASSES: commaList([...SECURITY_CLASSES]),
  DETECTION_CONFIDENCE_THRESHOLD: envNumber(0.5, 0, 1),
  DETECTOR_CLASS_THRESHOLDS: thresholdMap(),
  DETECTOR_CAMERA_THRESHOLDS: thresholdMap(),
});

export type DetectorConfig = z.output<typeof detectorConfigSchema>;

/** The keep-or-drop rules for detections, from the parsed config. */
export function policyFromConfig(config: DetectorConfig): DetectionPolicy {
  return {
    classes: new Set(config.DETECTOR_CLASSES),
    threshold: config.DETECTION_CONFIDENCE_THRESHOLD,
    classThresholds: config.DETECTOR_CLASS_THRESHOLDS,
    cameraThresholds: config.DETECTOR_CAMERA_THRESHOLDS,
  };
}
