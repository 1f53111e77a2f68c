import { filterRuleFor, readObjectFilters, type EnrichmentData, type ObjectFilters, type PrismaClient } from '@secpipe/core';
import { skipped, type EnrichmentStep, type StepInput, type StepOutcome } from '../steps/enrichmentStep';
import { filterReasons } from './objectFilterRules';

/** The camera's object filters (`cameras.object_filters`). */
export function prismaFilterSource(prisma: PrismaClient): (cameraId: string) => Promise<ObjectFilters> {
  return async (cameraId) => {
    const camera = await prisma.camera.findUnique({ where: { id: cameraId }, select: { object_filters: true } });
    return readObjectFilters(camera?.object_filters);
  };
}

/** Marks detections outside their class's size, shape or score limits, or inside a mask. */
export class FilterStep implements EnrichmentStep {
  readonly name = 'filters' as const;

  constructor(private readonly filters: (cameraId: string) => Promise<ObjectFilters>) {}

  async run(input: StepInput): Promise<StepOutcome> {
    const filters = await this.filters(input.cameraId);
    if (Object.keys(filters).length === 0) return skipped('camera has no object filters');
    const frame = await input.frame.size();
    const parts = new Map<number, Partial<EnrichmentData>>();
    for (const d of input.detections) {
      const box = { x: d.bbox_x, y: d.bbox_y, width: d.bbox_width, height: d.bbox_height };
      const reasons = filterReasons(filterRuleFor(filters, d.object_type), { box, confidence: d.confidence }, frame);
      parts.set(d.id, { filtered: reasons.length > 0, filter_reasons: reasons });
    }
    return { status: 'ok', parts };
  }
}
