import type { PrismaClient } from '@secpipe/core';
import type { CameraFolder } from './cameraId';

export interface CameraActivity {
  cameraId: string;
  lastSeenAt?: Date;
  /** mtime of the newest upload handled; never moves backwards. */
  watermark?: Date;
}

/** The cameras table as the ingest service uses it. */
export interface CameraRegistry {
  /** True when the camera exists (or was just created); false when unknown and not auto-created. */
  resolve(folder: CameraFolder): Promise<boolean>;
  watermarks(): Promise<Map<string, number>>;
  recordActivity(activity: CameraActivity[]): Promise<void>;
}

export class PrismaCameraRegistry implements CameraRegistry {
  /** Cameras known to exist: the hot path asks PostgreSQL once per camera per process. */
  private readonly known = new Set<string>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly autoCreate: boolean,
  ) {}

  async resolve({ cameraId, folderName, folderPath }: CameraFolder): Promise<boolean> {
    if (this.known.has(cameraId)) return true;
    if (this.autoCreate) {
      // ON CONFLICT DO NOTHING: another replica, or a camera registered under this name or
      // folder already, must not fail the upload.
      await this.prisma.camera.createMany({
        data: [{ id: cameraId, name: folderName, folder_path: folderPath, status: 'online' }],
        skipDuplicates: true,
      });
    }
    const exists = (await this.prisma.camera.count({ where: { id: cameraId } })) > 0;
    if (exists) this.known.add(cameraId);
    return exists;
  }

  async watermarks(): Promise<Map<string, number>> {
    const rows = await this.prisma.camera.findMany({
      where: { ingest_watermark: { not: null } },
      select: { id: true, ingest_watermark: true },
    });
    return new Map(rows.map((row) => [row.id, row.ingest_watermark!.getTime()]));
  }

  async recordActivity(activity: CameraActivity[]): Promise<void> {
    for (const { cameraId, lastSeenAt, watermark } of activity) {
      // GREATEST: replicas and late flushes may arrive out of order; neither column goes back.
      // An upload proves a camera marked offline (or never seen) is online.
      await this.prisma.$executeRaw`
        UPDATE cameras SET
          last_seen_at = GREATEST(last_seen_at, ${lastSeenAt ?? null}::timestamptz),
          ingest_watermark = GREATEST(ingest_watermark, ${watermark ?? null}::timestamptz),
          status = CASE WHEN ${lastSeenAt !== undefined} AND status IN ('offline', 'unknown')
                        THEN 'online'::"CameraStatus" ELSE status END
        WHERE id = ${cameraId}`;
    }
  }
}
