import type { BatchContext, EnrichmentData } from '@secpipe/core';

/** One detection of a batch, as the assessors see it. */
export interface BatchDetection {
  id: number;
  object_type: string;
  confidence: number;
  detected_at: Date;
  /** When the detector stored it: the earliest pipeline time the database knows. */
  created_at: Date;
  enrichment: EnrichmentData | null;
}

/** Everything an assessor may use about a closed batch. */
export interface Batch {
  batch_id: string;
  camera_id: string;
  camera_name: string;
  started_at: Date;
  ended_at: Date;
  close_reason: string;
  is_fast_path: boolean;
  /** Ordered by detected_at, then id. */
  detections: BatchDetection[];
  context?: BatchContext;
}
