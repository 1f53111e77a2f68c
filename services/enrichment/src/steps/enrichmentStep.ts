import type { EnrichmentData, EnrichmentStepName } from '@secpipe/core';
import type { DetectionRow } from '../detections/detectionRepository';
import type { ImageFrame } from './imageFrame';

/** One image's detections, as every step sees them. */
export interface StepInput {
  cameraId: string;
  detectedAt: Date;
  detections: DetectionRow[];
  frame: ImageFrame;
  /** What earlier steps recorded, per detection id (filters and stationary read each other's). */
  so_far: ReadonlyMap<number, Partial<EnrichmentData>>;
}

export type StepOutcome =
  | { status: 'ok'; parts: Map<number, Partial<EnrichmentData>> }
  | { status: 'skipped'; reason: string; parts?: Map<number, Partial<EnrichmentData>> };

/** A part of the enrichment; one failing step never blocks the others (see runSteps). */
export interface EnrichmentStep {
  readonly name: EnrichmentStepName;
  run(input: StepInput): Promise<StepOutcome>;
}

export const skipped = (reason: string): StepOutcome => ({ status: 'skipped', reason });
