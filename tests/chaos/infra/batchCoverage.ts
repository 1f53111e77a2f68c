import type { PrismaClient } from '@secpipe/core';

/** Whether every closed batch became exactly one event, read from PostgreSQL. */
export interface BatchCoverage {
  /** Distinct batch ids on detections. */
  batches: number;
  /** Batch ids on detections with no event of that batch. */
  batchesWithoutEvent: number;
  /** Detections in no event (filtered ones aside, none in these scenarios). */
  detectionsWithoutEvent: number;
}

export async function readBatchCoverage(prisma: PrismaClient): Promise<BatchCoverage> {
  const [row] = await prisma.$queryRaw<Array<{ batches: bigint; without_event: bigint; loose: bigint }>>`
    SELECT
      (SELECT COUNT(DISTINCT batch_id) FROM detections WHERE batch_id IS NOT NULL) AS batches,
      (SELECT COUNT(DISTINCT d.batch_id) FROM detections d WHERE d.batch_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM events e WHERE e.batch_id = d.batch_id)) AS without_event,
      (SELECT COUNT(*) FROM detections d WHERE NOT EXISTS (SELECT 1 FROM event_detections ed WHERE ed.detection_id = d.id)) AS loose`;
  return { batches: Number(row.batches), batchesWithoutEvent: Number(row.without_event), detectionsWithoutEvent: Number(row.loose) };
}
