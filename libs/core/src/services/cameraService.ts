import type { Camera, CameraStatus, PrismaClient } from '../db/prisma';
import type { ObjectFilters } from '../filters/objectFilters';
import { auditedChange, type AuditWriter } from './auditTrail';
import { ConflictError, NotFoundError } from './domainErrors';
import { isRecordMissing, isUniqueViolation } from './prismaErrors';

export interface CameraRegistration {
  /** The normalised folder name (the caller applies the one normalisation rule). */
  id: string;
  name: string;
  folder_path: string;
  status?: CameraStatus;
}

export type CameraChanges = Partial<Pick<Camera, 'name' | 'folder_path' | 'status'>>;

export const DUPLICATE_CAMERA = 'A camera with this name or folder already exists';

type CameraDb = Pick<PrismaClient, 'camera'>;

async function findClash(db: CameraDb, fields: { id?: string; name?: string; folder_path?: string }, exceptId?: string) {
  const or = [
    ...(fields.id ? [{ id: fields.id }] : []),
    ...(fields.name ? [{ name: fields.name }] : []),
    ...(fields.folder_path ? [{ folder_path: fields.folder_path }] : []),
  ];
  if (or.length === 0) return null;
  return db.camera.findFirst({ where: { OR: or, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
}

/** A unique violation raced past the clash check: still a conflict, not a server error. */
async function asConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(DUPLICATE_CAMERA);
    throw error;
  }
}

/** Camera registration and changes, shared by the API and the workers that discover cameras. */
export class CameraService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
  ) {}

  register(camera: CameraRegistration): Promise<Camera> {
    const entry = { action: 'camera.create', resource_type: 'camera', resource_id: camera.id, details: { ...camera } };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      if (await findClash(db, camera)) throw new ConflictError(DUPLICATE_CAMERA);
      return asConflict(() => db.camera.create({ data: camera }));
    });
  }

  update(id: string, changes: CameraChanges): Promise<Camera> {
    const entry = { action: 'camera.update', resource_type: 'camera', resource_id: id, details: { ...changes } };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      if (await findClash(db, { name: changes.name, folder_path: changes.folder_path }, id)) throw new ConflictError(DUPLICATE_CAMERA);
      try {
        return await asConflict(() => db.camera.update({ where: { id }, data: changes }));
      } catch (error) {
        if (isRecordMissing(error)) throw new NotFoundError('Camera', id);
        throw error;
      }
    });
  }

  /** Replaces the camera's object filters (the enrichment service applies them to the next image). */
  replaceObjectFilters(id: string, filters: ObjectFilters): Promise<void> {
    const entry = { action: 'camera.filters', resource_type: 'camera', resource_id: id, details: { filters } as Record<string, unknown> };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const { count } = await db.camera.updateMany({ where: { id }, data: { object_filters: filters } });
      if (count === 0) throw new NotFoundError('Camera', id);
    });
  }

  /** Detections, events, zones and baselines go with it through ON DELETE CASCADE. */
  remove(id: string): Promise<void> {
    const entry = { action: 'camera.delete', resource_type: 'camera', resource_id: id };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      // deleteMany never throws for a missing row, so concurrent deletes settle as done / not found.
      const { count } = await db.camera.deleteMany({ where: { id } });
      if (count === 0) throw new NotFoundError('Camera', id);
    });
  }
}
