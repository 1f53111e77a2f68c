import type { EnrichmentData } from '@secpipe/core';
import type { Batch, BatchDetection } from '../../src/assessment/batch';

export type ZoneType = 'entry_point' | 'driveway' | 'yard' | 'sidewalk' | 'other';

/** One detection of a situation, `t` seconds after the batch started. */
export interface DetectionSpec {
  cls: string;
  t?: number;
  zone?: ZoneType;
  zoneName?: string;
  confidence?: number;
  stationarySeconds?: number;
  plate?: string;
  deviation?: number;
  anomalous?: boolean;
  dark?: boolean;
  blurry?: boolean;
}

const ZONE_NAMES: Record<ZoneType, string> = { entry_point: 'Front door', driveway: 'Driveway', yard: 'Back yard', sidewalk: 'Street', other: 'Garden shed' };

export function enrichmentFor(spec: DetectionSpec): EnrichmentData {
  return {
    v: 1,
    zone_ids: spec.zone ? [`zone-${spec.zone}`] : [],
    zones: spec.zone ? [{ id: `zone-${spec.zone}`, name: spec.zoneName ?? ZONE_NAMES[spec.zone], zone_type: spec.zone }] : [],
    filtered: false,
    filter_reasons: [],
    stationary: spec.stationarySeconds !== undefined,
    ...(spec.stationarySeconds !== undefined ? { stationary_seconds: spec.stationarySeconds } : {}),
    plate: spec.plate ? { text: spec.plate, confidence: 0.9 } : null,
    ...(spec.dark || spec.blurry ? { quality: { blur_variance: spec.blurry ? 20 : 300, brightness: spec.dark ? 15 : 120, is_blurry: !!spec.blurry, is_dark: !!spec.dark } } : {}),
    baseline:
      spec.deviation !== undefined || spec.anomalous
        ? { expected: 1, observed: 4, deviation: spec.deviation ?? 0.9, anomalous: !!spec.anomalous, sample_count: 50 }
        : null,
    steps: {},
  };
}

/** A site-local wall-clock time on 2026-11-20 in Europe/Berlin (UTC+1 in November). */
export function berlin(hhmm: string): Date {
  return new Date(`2026-11-20T${hhmm}:00+01:00`);
}

export function buildBatch(start: Date, specs: DetectionSpec[], overrides: Partial<Batch> = {}): Batch {
  const detections: BatchDetection[] = specs.map((spec, i) => ({
    id: i + 1,
    object_type: spec.cls,
    confidence: spec.confidence ?? 0.9,
    detected_at: new Date(start.getTime() + (spec.t ?? 0) * 1000),
    created_at: new Date(start.getTime() + (spec.t ?? 0) * 1000 + 200),
    enrichment: enrichmentFor(spec),
  }));
  const end = new Date(Math.max(...detections.map((d) => d.detected_at.getTime())));
  return {
    batch_id: 'batch-test',
    camera_id: 'front_door',
    camera_name: 'Front Door',
    started_at: start,
    ended_at: end,
    close_reason: 'idle',
    is_fast_path: false,
    detections,
    ...overrides,
  };
}

/** A person seen every 30 s for `seconds` (at least one detection). */
export function personFor(seconds: number, spec: Omit<DetectionSpec, 'cls' | 't'> = {}): DetectionSpec[] {
  const frames = Math.max(1, Math.floor(seconds / 30) + 1);
  return Array.from({ length: frames }, (_, i) => ({ cls: 'person', t: Math.min(seconds, i * 30), ...spec }));
}
