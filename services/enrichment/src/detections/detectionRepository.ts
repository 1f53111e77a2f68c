import { Prisma, type PrismaClient } from '@secpipe/core';

/** A detection as enrichment reads it. */
export interface DetectionRow {
  id: number;
  camera_id: string;
  file_path: string;
  detected_at: Date;
  object_type: string;
  confidence: number;
  bbox_x: number;
  bbox_y: number;
  bbox_width: number;
  bbox_height: number;
  image_width: number | null;
  image_height: number | null;
  /** True when an earlier attempt already wrote this detection's enrichment. */
  enriched: boolean;
  batch_id: string | null;
  /** The baseline part an earlier delivery stored (kept on a redelivery, not counted twice). */
  previous_baseline: unknown;
}

export interface EnrichmentWrite {
  id: number;
  data: unknown;
  thumbnail_path: string | null;
}

/** Reads and writes of `detections` on the enrichment path: one statement each, never one per row. */
export class DetectionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async loadForJob(cameraId: string, ids: number[]): Promise<DetectionRow[]> {
    const rows = await this.prisma.$queryRaw<DetectionRow[]>`
      SELECT id, camera_id, file_path, detected_at, object_type, confidence::float8 AS confidence,
        bbox_x, bbox_y, bbox_width, bbox_height, image_width, image_height,
        (enrichment_data IS NOT NULL) AS enriched, batch_id, enrichment_data -> 'baseline' AS previous_baseline
      FROM detections WHERE id = ANY(${ids}::int[]) AND camera_id = ${cameraId}
      ORDER BY id`;
    return rows.map((row) => ({ ...row, detected_at: new Date(row.detected_at) }));
  }

  /** Runs the image's writes (baselines, enrichment) in one transaction. */
  transaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  /** Writes every detection's enrichment (and thumbnail) of one image in one statement. */
  writeEnrichment(writes: EnrichmentWrite[], tx: Prisma.TransactionClient = this.prisma): Promise<number> {
    if (writes.length === 0) return Promise.resolve(0);
    return tx.$executeRaw`
      UPDATE detections d
      SET enrichment_data = v.data,
        thumbnail_path = COALESCE(v.thumbnail_path, d.thumbnail_path)
      FROM jsonb_to_recordset(${JSON.stringify(writes)}::jsonb) AS v(id int, data jsonb, thumbnail_path text)
      WHERE d.id = v.id`;
  }

  /** Records which batch took the detections: the marker the recovery scan reads. */
  markBatched(batchId: string, ids: number[]): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE detections SET batch_id = ${batchId} WHERE id = ANY(${ids}::int[]) AND batch_id IS NULL`;
  }

  /**
   * Enriched, kept (neither filtered nor stationary) detections that no batch took although
   * they were enriched before `olderThan`: their batch state was lost with Redis.
   */
  async findUnbatched(olderThan: Date, limit: number): Promise<Array<{ id: number; camera_id: string }>> {
    return this.prisma.$queryRaw<Array<{ id: number; camera_id: string }>>`
      SELECT id, camera_id FROM detections
      WHERE batch_id IS NULL AND enrichment_data IS NOT NULL AND created_at < ${olderThan}
        AND COALESCE((enrichment_data ->> 'filtered')::boolean, false) = false
        AND COALESCE((enrichment_data ->> 'stationary')::boolean, false) = false
      ORDER BY id LIMIT ${limit}`;
  }
}
