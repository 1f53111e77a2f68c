import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConnectionOptions } from 'bullmq';
import { openQueue, QUEUE_NAMES, queueCatalog, type PrismaClient } from '@secpipe/core';

/** What a chaos scenario left behind, read from the camera folders, PostgreSQL and the queues. */
export interface ScenarioCounts {
  /** Image files under the camera root (what the cameras uploaded). */
  uploaded: number;
  /** Uploaded files with at least one stored detection (matched by camera and SHA-256). */
  detected: number;
  events: number;
  alerts: number;
  /** Uploaded files with no detection (every generated image carries shapes the model finds). */
  lost: number;
  /** Detection rows beyond one per (camera, file, box), detections in more than one event, events beyond one per batch, alerts beyond one per (rule, event). */
  duplicated: number;
  /** Detection rows (one per box). */
  detections: number;
  /** Kept detections (neither filtered nor stationary) in no closed batch: not (yet) analysed. */
  unbatched: number;
  /** Batches that took detections but have no event. */
  batchesWithoutEvent: number;
  /** Jobs in `active` over every queue: once the pipeline has drained, jobs a dead worker held. */
  stuckActive: number;
  /** Failed jobs over every queue: the dead letters. */
  deadLetters: number;
  /** Jobs per queue still active, waiting or delayed, and failed (the dead letters). */
  queues: Record<string, { active: number; pending: number; failed: number }>;
}

async function uploadedFiles(cameraRoot: string): Promise<Array<{ camera: string; hash: string }>> {
  const entries = await readdir(cameraRoot, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && /\.(jpe?g|png)$/i.test(entry.name));
  return Promise.all(
    files.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const camera = path.relative(cameraRoot, entry.parentPath).split(path.sep)[0];
      return { camera, hash: createHash('sha256').update(await readFile(file)).digest('hex') };
    }),
  );
}

async function countDuplicates(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRaw<Array<{ duplicated: bigint }>>`
    SELECT
      (SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM detections GROUP BY camera_id, file_hash, box_index) d)
    + (SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM event_detections GROUP BY detection_id) e)
    + (SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM events GROUP BY batch_id) b)
    + (SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM alerts GROUP BY rule_id, event_id) a) AS duplicated`;
  return Number(row.duplicated);
}

async function queueStates(connection: ConnectionOptions, prefix: string): Promise<ScenarioCounts['queues']> {
  const states: ScenarioCounts['queues'] = {};
  for (const name of QUEUE_NAMES) {
    const queue = openQueue(queueCatalog[name], { connection, prefix });
    try {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'failed');
      states[name] = { active: counts.active, pending: counts.waiting + counts.delayed + counts.prioritized, failed: counts.failed };
    } finally {
      await queue.close();
    }
  }
  return states;
}

async function countUnanalysed(prisma: PrismaClient): Promise<{ unbatched: number; batchesWithoutEvent: number }> {
  const [row] = await prisma.$queryRaw<Array<{ unbatched: bigint; without_event: bigint }>>`
    SELECT
      (SELECT COUNT(*) FROM detections WHERE batch_id IS NULL
         AND COALESCE((enrichment_data ->> 'filtered')::boolean, false) = false
         AND COALESCE((enrichment_data ->> 'stationary')::boolean, false) = false) AS unbatched,
      (SELECT COUNT(DISTINCT d.batch_id) FROM detections d
         WHERE d.batch_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.batch_id = d.batch_id)) AS without_event`;
  return { unbatched: Number(row.unbatched), batchesWithoutEvent: Number(row.without_event) };
}

/** Reads the scenario's outcome back from where it lives, never from the driver's bookkeeping. */
export async function readScenarioCounts(settings: { prisma: PrismaClient; connection: ConnectionOptions; prefix: string; cameraRoot: string }): Promise<ScenarioCounts> {
  const files = await uploadedFiles(settings.cameraRoot);
  const stored = await settings.prisma.$queryRaw<Array<{ camera_id: string; file_hash: string }>>`SELECT DISTINCT camera_id, file_hash FROM detections`;
  const seen = new Set(stored.map((row) => `${row.camera_id}/${row.file_hash}`));
  // Camera folders are named so that their camera id is the folder name (lower-case, no spaces).
  const detected = files.filter((file) => seen.has(`${file.camera}/${file.hash}`)).length;
  const queues = await queueStates(settings.connection, settings.prefix);
  const sum = (field: 'active' | 'failed') => Object.values(queues).reduce((total, queue) => total + queue[field], 0);
  return {
    uploaded: files.length,
    detected,
    events: await settings.prisma.event.count(),
    alerts: await settings.prisma.alert.count(),
    lost: files.length - detected,
    duplicated: await countDuplicates(settings.prisma),
    detections: await settings.prisma.detection.count(),
    ...(await countUnanalysed(settings.prisma)),
    stuckActive: sum('active'),
    deadLetters: sum('failed'),
    queues,
  };
}

/**
 * The line every scenario prints: `scenario: N uploaded, N detected, N events, N alerts, N lost,
 * N duplicated, N stuck active, N dead letters`.
 */
export function scenarioLine(name: string, counts: ScenarioCounts, extra = ''): string {
  const outcome = `${counts.lost} lost, ${counts.duplicated} duplicated, ${counts.stuckActive} stuck active, ${counts.deadLetters} dead letters`;
  return `${name}: ${counts.uploaded} uploaded, ${counts.detected} detected, ${counts.events} events, ${counts.alerts} alerts, ${outcome}${extra ? `; ${extra}` : ''}`;
}
