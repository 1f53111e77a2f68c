import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '@secpipe/core';

/** How the uploads written from `since` on fared, read back from PostgreSQL. */
export interface UploadsSince {
  written: number;
  /** With at least one stored detection. */
  detected: number;
  /** With a detection in no event. */
  withoutEvent: number;
}

/** Uploads under `cameraRoot` (folder name = camera id) whose mtime is at or after `since` (ms). */
export async function uploadsSince(prisma: PrismaClient, cameraRoot: string, since: number): Promise<UploadsSince> {
  const entries = await readdir(cameraRoot, { recursive: true, withFileTypes: true });
  const result: UploadsSince = { written: 0, detected: 0, withoutEvent: 0 };
  for (const entry of entries.filter((e) => e.isFile() && /\.jpe?g$/i.test(e.name))) {
    const file = path.join(entry.parentPath, entry.name);
    if ((await stat(file)).mtimeMs < since) continue;
    result.written += 1;
    const hash = createHash('sha256').update(await readFile(file)).digest('hex');
    const camera = path.relative(cameraRoot, entry.parentPath).split(path.sep)[0];
    const rows = await prisma.$queryRaw<Array<{ detections: bigint; loose: bigint }>>`
      SELECT COUNT(*) AS detections,
             COUNT(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM event_detections ed WHERE ed.detection_id = d.id)) AS loose
      FROM detections d WHERE d.camera_id = ${camera} AND d.file_hash = ${hash}`;
    if (Number(rows[0].detections) > 0) result.detected += 1;
    if (Number(rows[0].loose) > 0) result.withoutEvent += 1;
  }
  return result;
}
