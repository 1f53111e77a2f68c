import type { BatchContext, PrismaClient } from '@secpipe/core';

/** Other cameras' activity counts as "cross-camera" within this many seconds of the batch. */
export const CROSS_CAMERA_WINDOW_SECONDS = 300;

export interface BatchFacts {
  context: BatchContext;
  /** Capture time of the batch's first and last detection (null when none is left in PostgreSQL). */
  firstDetectedAt: Date | null;
  lastDetectedAt: Date | null;
}

interface FactsRow {
  zone_ids: string[] | null;
  plates: string[] | null;
  max_deviation: number | null;
  blurry: boolean | null;
  dark: boolean | null;
  first_at: Date | null;
  last_at: Date | null;
}

/**
 * What the enrichment already learnt about a batch's detections, summed up for the analyzer:
 * one query over the batch's rows, one for the other cameras' activity around it.
 */
export async function loadBatchFacts(prisma: PrismaClient, cameraId: string, detectionIds: number[]): Promise<BatchFacts> {
  const [facts] = await prisma.$queryRaw<FactsRow[]>`
    SELECT
      (SELECT array_agg(DISTINCT z) FROM detections d2, jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(d2.enrichment_data -> 'zone_ids') = 'array' THEN d2.enrichment_data -> 'zone_ids' ELSE '[]'::jsonb END) z
        WHERE d2.id = ANY(${detectionIds}::int[])) AS zone_ids,
      array_agg(DISTINCT d.enrichment_data #>> '{plate,text}') FILTER (WHERE d.enrichment_data #>> '{plate,text}' IS NOT NULL) AS plates,
      max((d.enrichment_data #>> '{baseline,deviation}')::float8) AS max_deviation,
      bool_or((d.enrichment_data #>> '{quality,is_blurry}')::boolean) AS blurry,
      bool_or((d.enrichment_data #>> '{quality,is_dark}')::boolean) AS dark,
      min(d.detected_at) AS first_at, max(d.detected_at) AS last_at
    FROM detections d WHERE d.id = ANY(${detectionIds}::int[])`;
  const firstAt = facts?.first_at ? new Date(facts.first_at) : null;
  const lastAt = facts?.last_at ? new Date(facts.last_at) : null;
  const crossCamera = firstAt && lastAt ? await loadCrossCamera(prisma, cameraId, firstAt, lastAt) : [];
  const quality: BatchContext['quality_flags'] = [];
  if (facts?.blurry) quality.push('blurry');
  if (facts?.dark) quality.push('dark');
  return {
    firstDetectedAt: firstAt,
    lastDetectedAt: lastAt,
    context: {
      zone_ids: (facts?.zone_ids ?? []).slice(0, 200),
      plates: (facts?.plates ?? []).map((plate) => plate.slice(0, 32)).slice(0, 100),
      max_baseline_deviation: facts?.max_deviation === null || facts?.max_deviation === undefined ? null : Math.min(1, Math.max(0, facts.max_deviation)),
      cross_camera: crossCamera,
      quality_flags: quality,
    },
  };
}

async function loadCrossCamera(prisma: PrismaClient, cameraId: string, firstAt: Date, lastAt: Date): Promise<BatchContext['cross_camera']> {
  const rows = await prisma.$queryRaw<Array<{ camera_id: string; detection_count: number }>>`
    SELECT camera_id, count(*)::int AS detection_count FROM detections
    WHERE camera_id <> ${cameraId}
      AND detected_at BETWEEN ${firstAt}::timestamptz - make_interval(secs => ${CROSS_CAMERA_WINDOW_SECONDS})
                          AND ${lastAt}::timestamptz + make_interval(secs => ${CROSS_CAMERA_WINDOW_SECONDS})
    GROUP BY camera_id ORDER BY detection_count DESC, camera_id LIMIT 100`;
  return rows;
}
