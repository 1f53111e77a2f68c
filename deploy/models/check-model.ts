/**
 * Checks a detection model before it is deployed: loads it exactly as the detector does
 * (signature, class names, execution provider), runs it on one image and prints one JSON line.
 *
 *   pnpm exec tsx deploy/models/check-model.ts deploy/models/rtdetr.onnx [snapshot.jpg]
 *
 * Without an image it runs on a generated scene of coloured shapes (which only the project's
 * fixture model recognises); a real model should be checked on a real snapshot.
 */
import { readFile } from 'node:fs/promises';
import { createLogger } from '@secpipe/core';
import { defaultShapes, renderShapeImage } from '@secpipe/testing';
import { ObjectDetector } from '../../services/detector/src/inference/objectDetector';
import { loadModel } from '../../services/detector/src/model/loadModel';

async function main(): Promise<void> {
  const [modelPath, imagePath] = process.argv.slice(2);
  if (!modelPath) throw new Error('usage: check-model.ts <model.onnx> [image.jpg]');
  const logger = createLogger({ service: 'check-model', level: 'warn' });
  const model = await loadModel({ modelPath, device: 'auto', fallbackInputSize: 640, logger });
  const detector = new ObjectDetector(model, { maxBatch: 1, maxWaitMs: 0, resize: 'auto', minScore: 0.5, iouThreshold: 0.5 });
  try {
    const bytes = imagePath ? await readFile(imagePath) : (await renderShapeImage({ width: 1280, height: 720, shapes: defaultShapes(1280, 720, [2, 9]), seed: 1 })).bytes;
    const result = await detector.detect(bytes);
    const report = {
      ...detector.info,
      class_names: model.classNamesSource,
      image: imagePath ?? 'generated shapes',
      detections: result.detections.map((d) => ({ class: d.className, confidence: Math.round(d.confidence * 1000) / 1000, bbox: d.bbox })),
      inference_ms: Math.round(result.inferenceMs * 10) / 10,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await detector.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`model check failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
