import { json, Router } from 'express';
import type { DetectionResult, ObjectDetector } from '../inference/objectDetector';
import { keepDetections, type DetectionPolicy } from '../policy/detectionPolicy';
import { batchImages, MAX_BATCH_IMAGES, MAX_IMAGE_BYTES, singleImage, uploads } from './imageUpload';

export interface DetectRouteDeps {
  detector: Pick<ObjectDetector, 'detect' | 'info' | 'warm' | 'stats'>;
  policy: () => DetectionPolicy;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The response shape of the original detector API. */
function toResponse(result: DetectionResult, policy: DetectionPolicy) {
  return {
    detections: keepDetections(result.detections, policy).map((d) => ({
      class: d.className,
      confidence: round(d.confidence, 4),
      bbox: d.bbox,
    })),
    inference_time_ms: round(result.elapsedMs, 2),
    image_width: result.imageWidth,
    image_height: result.imageHeight,
  };
}

export function detectRoutes({ detector, policy }: DetectRouteDeps): Router {
  const router = Router();
  // base64 inflates by 4/3; the decoded size is checked against 10 MB again.
  const jsonSingle = json({ limit: Math.ceil(MAX_IMAGE_BYTES * 1.4) });
  const jsonBatch = json({ limit: Math.ceil(MAX_IMAGE_BYTES * 1.4) * MAX_BATCH_IMAGES });

  router.post('/detect', uploads.single('file'), jsonSingle, async (req, res) => {
    const result = await detector.detect(singleImage(req));
    res.json(toResponse(result, policy()));
  });

  router.post('/detect/batch', uploads.array('files', MAX_BATCH_IMAGES), jsonBatch, async (req, res) => {
    const started = performance.now();
    const results = await Promise.all(batchImages(req).map((bytes) => detector.detect(bytes)));
    const current = policy();
    res.json({ results: results.map((r) => toResponse(r, current)), count: results.length, total_time_ms: round(performance.now() - started, 2) });
  });

  router.get('/health', (_req, res) => {
    const { info } = detector;
    res.status(detector.warm ? 200 : 503).json({
      status: detector.warm ? 'healthy' : 'warming_up',
      model: info.model,
      model_family: info.family,
      provider: info.provider,
      provider_reason: info.providerReason,
      input_size: { width: info.inputWidth, height: info.inputHeight },
      resize: info.resize,
      dynamic_batch: info.dynamicBatch,
      max_batch: info.maxBatch,
      warm: detector.warm,
      inference_count: detector.stats().model_calls,
      images_processed: detector.stats().images,
    });
  });
  return router;
}
