import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger, PrismaClient } from '@secpipe/core';

export interface RetentionSettings {
  prisma: PrismaClient;
  logger: Logger;
  thumbnailDir: string;
  retentionDays: number;
  now: Date;
  dryRun: boolean;
  /** Rows per DELETE: small enough to keep locks and WAL bursts short on a busy table. */
  batchSize?: number;
}

export interface RetentionReport {
  dry_run: boolean;
  retention_days: number;
  cutoff: string;
  events_deleted: number;
  detections_deleted: number;
  thumbnails_deleted: number;
  timestamp: string;
}

function insideDir(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Thumbnails older than the cutoff, by modification time (covers cached images no row names). */
async function agedThumbnails(dir: string, cutoff: Date): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  const aged: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && info.mtime < cutoff) aged.push(file);
  }
  return aged;
}

async function deleteEvents(settings: RetentionSettings, cutoff: Date, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await settings.prisma.$executeRaw`
      DELETE FROM events WHERE id IN (SELECT id FROM events WHERE started_at < ${cutoff} ORDER BY id LIMIT ${batch})`;
    total += deleted;
    if (deleted < batch) return total;
  }
}

/** Deletes old detections in batches and returns the thumbnails those rows pointed at. */
async function deleteDetections(settings: RetentionSettings, cutoff: Date, batch: number): Promise<{ count: number; thumbnails: string[] }> {
  let count = 0;
  const thumbnails: string[] = [];
  for (;;) {
    const rows = await settings.prisma.$queryRaw<Array<{ thumbnail_path: string | null }>>`
      DELETE FROM detections WHERE id IN (SELECT id FROM detections WHERE detected_at < ${cutoff} ORDER BY id LIMIT ${batch})
      RETURNING thumbnail_path`;
    count += rows.length;
    for (const row of rows) if (row.thumbnail_path) thumbnails.push(row.thumbnail_path);
    if (rows.length < batch) return { count, thumbnails };
  }
}

async function referencedThumbnails(prisma: PrismaClient, cutoff: Date): Promise<string[]> {
  const rows = await prisma.detection.findMany({
    where: { detected_at: { lt: cutoff }, thumbnail_path: { not: null } },
    select: { thumbnail_path: true },
  });
  return rows.map((row) => row.thumbnail_path!);
}

/**
 * Retention: events and detections older than `retentionDays`, and their thumbnails, are
 * removed in batches. Files are only ever deleted inside the thumbnail folder. A dry run counts
 * what a real run would remove and changes nothing.
 */
export async function runRetention(settings: RetentionSettings): Promise<RetentionReport> {
  const { prisma, dryRun, retentionDays, now, batchSize = 1000 } = settings;
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
  const thumbnailDir = path.resolve(settings.thumbnailDir);
  let events: number;
  let detections: number;
  let referenced: string[];
  if (dryRun) {
    [events, detections, referenced] = await Promise.all([
      prisma.event.count({ where: { started_at: { lt: cutoff } } }),
      prisma.detection.count({ where: { detected_at: { lt: cutoff } } }),
      referencedThumbnails(prisma, cutoff),
    ]);
  } else {
    events = await deleteEvents(settings, cutoff, batchSize);
    const deleted = await deleteDetections(settings, cutoff, batchSize);
    detections = deleted.count;
    referenced = deleted.thumbnails;
  }
  const files = new Set(await agedThumbnails(thumbnailDir, cutoff));
  for (const file of referenced) {
    const resolved = path.resolve(thumbnailDir, file);
    if (insideDir(thumbnailDir, resolved) && (await stat(resolved).then((s) => s.isFile(), () => false))) files.add(resolved);
  }
  if (!dryRun) await Promise.all([...files].map((file) => unlink(file).catch(() => undefined)));
  const report: RetentionReport = {
    dry_run: dryRun,
    retention_days: retentionDays,
    cutoff: cutoff.toISOString(),
    events_deleted: events,
    detections_deleted: detections,
    thumbnails_deleted: files.size,
    timestamp: new Date().toISOString(),
  };
  settings.logger.info(report, dryRun ? 'retention dry run' : 'retention cleanup finished');
  return report;
}
