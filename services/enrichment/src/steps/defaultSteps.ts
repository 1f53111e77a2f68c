import type { PrismaClient } from '@secpipe/core';
import type { EnrichmentConfig } from '../config';
import { FilterStep, prismaFilterSource } from '../filters/filterStep';
import { QualityStep } from '../quality/qualityStep';
import { prismaSightings, StationaryStep } from '../stationary/stationaryStep';
import { prismaZoneSource, ZoneStep } from '../zones/zoneStep';
import type { EnrichmentStep } from './enrichmentStep';

export type StepConfig = Pick<EnrichmentConfig, 'STATIONARY_AFTER_SECONDS' | 'STATIONARY_IOU' | 'STATIONARY_MAX_GAP_SECONDS' | 'QUALITY_BLUR_THRESHOLD' | 'QUALITY_DARK_THRESHOLD'>;

/** The steps every image goes through, in order (filters and stationary decide batching). */
export function defaultSteps(config: StepConfig, prisma: PrismaClient, extra: EnrichmentStep[] = []): EnrichmentStep[] {
  return [
    new ZoneStep(prismaZoneSource(prisma)),
    new FilterStep(prismaFilterSource(prisma)),
    new StationaryStep(prismaSightings(prisma), { afterSeconds: config.STATIONARY_AFTER_SECONDS, minIou: config.STATIONARY_IOU, maxGapSeconds: config.STATIONARY_MAX_GAP_SECONDS }),
    new QualityStep({ blurVariance: config.QUALITY_BLUR_THRESHOLD, darkBrightness: config.QUALITY_DARK_THRESHOLD }),
    ...extra,
  ];
}
