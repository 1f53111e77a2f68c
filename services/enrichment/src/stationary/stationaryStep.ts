import type { EnrichmentData, PrismaClient } from '@secpipe/core';
import { skipped, type EnrichmentStep, type StepInput, type StepOutcome } from '../steps/enrichmentStep';
import { continuousPresenceSeconds, type Sighting } from './boxOverlap';

export interface StationarySettings {
  /** STATIONARY_AFTER_SECONDS: seen in place longer than this = stationary (default 300). */
  afterSeconds: number;
  /** STATIONARY_IOU: how much a box must overlap the earlier one to be "the same place" (0.85). */
  minIou: number;
  /** STATIONARY_MAX_GAP_SECONDS: a longer pause between sightings breaks "continuously". */
  maxGapSeconds: number;
}

export interface SightingQuery {
  cameraId: string;
  classes: string[];
  from: Date;
  until: Date;
  excludeIds: number[];
}

/** Earlier detections of the camera are the state: no extra store, and every replica sees the same. */
export function prismaSightings(prisma: PrismaClient): (query: SightingQuery) => Promise<Array<Sighting & { objectType: string }>> {
  return async ({ cameraId, classes, from, until, excludeIds }) => {
    const rows = await prisma.$queryRaw<Array<{ object_type: string; detected_at: Date; bbox_x: number; bbox_y: number; bbox_width: number; bbox_height: number }>>`
      SELECT object_type, detected_at, bbox_x, bbox_y, bbox_width, bbox_height FROM detections
      WHERE camera_id = ${cameraId} AND object_type = ANY(${classes}::text[])
        AND detected_at >= ${from} AND detected_at <= ${until} AND id <> ALL(${excludeIds}::int[])
      ORDER BY detected_at DESC LIMIT 5000`;
    return rows.map((r) => ({ objectType: r.object_type, seenAt: new Date(r.detected_at), box: { x: r.bbox_x, y: r.bbox_y, width: r.bbox_width, height: r.bbox_height } }));
  };
}

/**
 * Marks the parked car: a detection overlapping a same-class box that the camera has seen
 * continuously for longer than `afterSeconds`. One query per image over the camera's recent
 * detections.
 */
export class StationaryStep implements EnrichmentStep {
  readonly name = 'stationary' as const;

  constructor(
    private readonly sightings: ReturnType<typeof prismaSightings>,
    private readonly settings: StationarySettings,
  ) {}

  async run(input: StepInput): Promise<StepOutcome> {
    const { afterSeconds, minIou, maxGapSeconds } = this.settings;
    const classes = [...new Set(input.detections.map((d) => d.object_type))];
    const from = new Date(input.detectedAt.getTime() - (afterSeconds + maxGapSeconds) * 1000);
    const seen = await this.sightings({ cameraId: input.cameraId, classes, from, until: input.detectedAt, excludeIds: input.detections.map((d) => d.id) });
    if (seen.length === 0) return skipped('no earlier sightings on this camera');
    const parts = new Map<number, Partial<EnrichmentData>>();
    for (const d of input.detections) {
      const box = { x: d.bbox_x, y: d.bbox_y, width: d.bbox_width, height: d.bbox_height };
      const sameClass = seen.filter((s) => s.objectType === d.object_type);
      const seconds = continuousPresenceSeconds(box, input.detectedAt, sameClass, minIou, maxGapSeconds * 1000);
      parts.set(d.id, seconds > afterSeconds ? { stationary: true, stationary_seconds: Math.round(seconds) } : { stationary: false });
    }
    return { status: 'ok', parts };
  }
}
