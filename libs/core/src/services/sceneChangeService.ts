import type { PrismaClient, SceneChange } from '../db/prisma';
import { auditedChange, type AuditWriter } from './auditTrail';
import { NotFoundError } from './domainErrors';

/**
 * Scene change state changes, shared by the API and the workers. Acknowledging is idempotent:
 * a second acknowledge answers the row as it is and keeps the first `acknowledged_at`.
 */
export class SceneChangeService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
  ) {}

  acknowledge(cameraId: string, id: number): Promise<SceneChange> {
    const entry = { action: 'scene_change.acknowledge', resource_type: 'scene_change', resource_id: id, details: { camera_id: cameraId } as Record<string, unknown> };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const { count } = await db.sceneChange.updateMany({ where: { id, camera_id: cameraId, acknowledged: false }, data: { acknowledged: true, acknowledged_at: new Date() } });
      const change = await db.sceneChange.findFirst({ where: { id, camera_id: cameraId } });
      if (!change) throw new NotFoundError('Scene change', id);
      entry.details = { camera_id: cameraId, changed: count > 0 };
      return change;
    });
  }
}
