import { auditedChange, ConflictError, InvalidInputError, isUniqueViolation, NotFoundError, type AuditWriter, type PrismaClient, type Zone } from '@secpipe/core';
import type { z } from 'zod';
import { shapeFitsCoordinates, type createZoneBody, type updateZoneBody } from '../schemas/zones';

type CreateZoneBody = z.output<typeof createZoneBody>;
type UpdateZoneBody = z.output<typeof updateZoneBody>;

const DUPLICATE = 'This camera already has a zone with that name';

type ZoneDb = Pick<PrismaClient, 'camera' | 'zone'>;

export async function requireCamera(db: ZoneDb, id: string): Promise<void> {
  const camera = await db.camera.findUnique({ where: { id }, select: { id: true } });
  if (!camera) throw new NotFoundError('Camera', id);
}

export async function requireZone(db: ZoneDb, cameraId: string, zoneId: string): Promise<Zone> {
  const zone = await db.zone.findFirst({ where: { id: zoneId, camera_id: cameraId } });
  if (!zone) throw new NotFoundError('Zone', zoneId);
  return zone;
}

async function asConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(DUPLICATE);
    throw error;
  }
}

/** Zone changes of one camera; every change is audited with the fields it set. */
export class ZoneService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
  ) {}

  create(cameraId: string, body: CreateZoneBody): Promise<Zone> {
    const entry = { action: 'zone.create', resource_type: 'zone', resource_id: null as string | null, details: { camera_id: cameraId, ...body } };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      await requireCamera(db, cameraId);
      const zone = await asConflict(() => db.zone.create({ data: { ...body, camera_id: cameraId } }));
      entry.resource_id = zone.id;
      return zone;
    });
  }

  /** Any subset of fields; the resulting shape must still fit its coordinates. */
  update(cameraId: string, zoneId: string, body: UpdateZoneBody): Promise<Zone> {
    const entry = { action: 'zone.update', resource_type: 'zone', resource_id: zoneId, details: { camera_id: cameraId, ...body } };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const current = await requireZone(db, cameraId, zoneId);
      const shape = body.shape ?? current.shape;
      const coordinates = body.coordinates ?? (current.coordinates as Array<[number, number]>);
      if (!shapeFitsCoordinates(shape, coordinates)) {
        throw new InvalidInputError([{ field: 'body.coordinates', message: 'a rectangle needs 2 or 4 points, a polygon at least 3' }]);
      }
      const { count } = await asConflict(() => db.zone.updateMany({ where: { id: zoneId, camera_id: cameraId }, data: body }));
      if (count === 0) throw new NotFoundError('Zone', zoneId);
      return requireZone(db, cameraId, zoneId);
    });
  }

  remove(cameraId: string, zoneId: string): Promise<void> {
    const entry = { action: 'zone.delete', resource_type: 'zone', resource_id: zoneId, details: { camera_id: cameraId } };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const { count } = await db.zone.deleteMany({ where: { id: zoneId, camera_id: cameraId } });
      if (count === 0) throw new NotFoundError('Zone', zoneId);
    });
  }
}
