import { Counter, Gauge, Histogram, type Registry } from '@secpipe/core';
import type { DetectorObserver } from '../inference/objectDetector';
import { RateWindow } from './rateWindow';

/**
 * The detector's Prometheus metrics, named after Frigate's detector stats where they exist
 * (inference_speed, detection_fps), so existing dashboards read naturally. Durations are in
 * seconds, Prometheus' base unit (`promtool check metrics` rejects `_ms`); callers pass
 * milliseconds, as the inference code measures them.
 */
export class DetectorMetrics implements DetectorObserver {
  private readonly inferenceSpeed: Histogram;
  private readonly batchSize: Histogram;
  private readonly queueWait: Histogram;
  private readonly detectionsByClass: Counter;
  private readonly images: Counter;
  private readonly detectionRate = new RateWindow();
  private readonly imageRate = new RateWindow();

  constructor(registry: Registry) {
    const registers = [registry];
    this.inferenceSpeed = new Histogram({
      name: 'detector_inference_speed_seconds',
      help: 'Duration of one model call (a whole batch)',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1],
      registers,
    });
    this.batchSize = new Histogram({ name: 'detector_batch_size', help: 'Images per model call', buckets: [1, 2, 4, 8, 16, 32, 64], registers });
    this.queueWait = new Histogram({
      name: 'detector_queue_wait_seconds',
      help: 'Time a detection job waited in the queue before it started',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.detectionsByClass = new Counter({ name: 'detector_detections_total', help: 'Kept detections by class', labelNames: ['class'], registers });
    this.images = new Counter({
      name: 'detector_images_total',
      help: 'Images processed, by outcome (detections: at least one kept box; empty: pipeline ends here)',
      labelNames: ['outcome'],
      registers,
    });
    const detectionRate = this.detectionRate;
    const imageRate = this.imageRate;
    new Gauge({ name: 'detector_detection_fps', help: 'Kept detections per second (10 s window)', registers, collect() { this.set(detectionRate.perSecond()); } });
    new Gauge({ name: 'detector_images_per_second', help: 'Images through the model per second (10 s window)', registers, collect() { this.set(imageRate.perSecond()); } });
  }

  modelCall(batchSize: number, inferenceMs: number): void {
    this.inferenceSpeed.observe(inferenceMs / 1000);
    this.batchSize.observe(batchSize);
    this.imageRate.add(batchSize);
  }

  queueWaited(ms: number): void {
    this.queueWait.observe(Math.max(0, ms) / 1000);
  }

  imageProcessed(keptClasses: string[]): void {
    this.images.inc({ outcome: keptClasses.length > 0 ? 'detections' : 'empty' });
    for (const className of keptClasses) this.detectionsByClass.inc({ class: className });
    this.detectionRate.add(keptClasses.length);
  }
}
