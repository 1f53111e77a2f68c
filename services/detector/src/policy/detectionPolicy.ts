import type { PixelBox } from '../preprocess/letterbox';

/** A detection in original-image pixels, as the service reports and stores it. */
export interface DetectedObject {
  className: string;
  confidence: number;
  bbox: PixelBox;
}

/**
 * Which detections are worth keeping: security-relevant classes at or above the global
 * threshold, raised per class ("person=0.6") and per camera ("front_door=0.7", or only for one
 * class there: "driveway:car=0.8"). Minimums only ever raise the bar.
 */
export interface DetectionPolicy {
  classes: ReadonlySet<string>;
  threshold: number;
  classThresholds: Readonly<Record<string, number>>;
  cameraThresholds: Readonly<Record<string, number>>;
}

export function minimumConfidence(policy: DetectionPolicy, className: string, cameraId?: string): number {
  const floors = [policy.threshold, policy.classThresholds[className] ?? 0];
  if (cameraId) floors.push(policy.cameraThresholds[cameraId] ?? 0, policy.cameraThresholds[`${cameraId}:${className}`] ?? 0);
  return Math.max(...floors);
}

export function keepDetections(detections: DetectedObject[], policy: DetectionPolicy, cameraId?: string): DetectedObject[] {
  return detections.filter(
    (d) => policy.classes.has(d.className) && d.confidence >= minimumConfidence(policy, d.className, cameraId) && d.bbox.width > 0 && d.bbox.height > 0,
  );
}

