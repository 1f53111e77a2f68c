import type { EnrichmentData, PrismaClient } from '@secpipe/core';
import { skipped, type EnrichmentStep, type StepInput, type StepOutcome } from '../steps/enrichmentStep';
import { footPoint, readCoordinates, zoneContains } from './zoneGeometry';

type ZoneType = EnrichmentData['zones'][number]['zone_type'];

export interface CameraZone {
  id: string;
  name: string;
  zone_type: ZoneType;
  shape: 'rectangle' | 'polygon';
  coordinates: unknown;
}

/** The camera's enabled zones, highest priority first (the order zone hits are recorded in). */
export function prismaZoneSource(prisma: PrismaClient): (cameraId: string) => Promise<CameraZone[]> {
  return (cameraId) =>
    prisma.zone.findMany({
      where: { camera_id: cameraId, enabled: true },
      select: { id: true, name: true, zone_type: true, shape: true, coordinates: true },
      orderBy: [{ priority: 'desc' }, { name: 'asc' }],
    });
}

/** Records the zones each detection stands in (the bottom-centre of its box). */
export class ZoneStep implements EnrichmentStep {
  readonly name = 'zones' as const;

  constructor(private readonly zones: (cameraId: string) => Promise<CameraZone[]>) {}

  async run(input: StepInput): Promise<StepOutcome> {
    const zones = await this.zones(input.cameraId);
    if (zones.length === 0) return skipped('camera has no enabled zones');
    const size = await input.frame.size();
    const parts = new Map<number, Partial<EnrichmentData>>();
    for (const d of input.detections) {
      const point = footPoint({ x: d.bbox_x, y: d.bbox_y, width: d.bbox_width, height: d.bbox_height }, size);
      const hits = zones.filter((zone) => zoneContains({ shape: zone.shape, coordinates: readCoordinates(zone.coordinates) }, point));
      parts.set(d.id, { zone_ids: hits.map((z) => z.id), zones: hits.map((z) => ({ id: z.id, name: z.name, zone_type: z.zone_type })) });
    }
    return { status: 'ok', parts };
  }
}
