import { alertFactory, cameraFactory, useIntegrationContext } from '@secpipe/testing';
import { AlertService, ALERT_TRANSITIONS } from './alertService';
import { auditWriter, type AuditWriter } from './auditTrail';
import { CameraService } from './cameraService';
import { ConflictError, InvalidTransitionError, NotFoundError } from './domainErrors';

const MISSING = '00000000-0000-4000-8000-000000000000';
const STATUSES = ['pending', 'delivered', 'acknowledged', 'dismissed'] as const;
/** Every transition from every status: allowed when listed in `from` or already at `to` (idempotent). */
const TRANSITION_CASES = (['acknowledge', 'dismiss'] as const).flatMap((name) => {
  const { from, to } = ALERT_TRANSITIONS[name];
  return STATUSES.map((status) => [name, status, (from as readonly string[]).includes(status) || status === to] as const);
});
const worker = auditWriter({ actor: 'system', ip_address: null });

describe('domain services over PostgreSQL', () => {
  const ctx = useIntegrationContext('core-services');

  it.each(TRANSITION_CASES)(
    '%s from %s: allowed %s',
    async (name, status, allowed) => {
      const alert = await alertFactory.create(ctx.prisma, { status });
      const service = new AlertService(ctx.prisma, worker);
      const move = () => (name === 'acknowledge' ? service.acknowledge(alert.id) : service.dismiss(alert.id));
      if (allowed) await expect(move()).resolves.toMatchObject({ status: ALERT_TRANSITIONS[name].to });
      else await expect(move()).rejects.toBeInstanceOf(InvalidTransitionError);
      const row = await ctx.prisma.auditLog.findFirstOrThrow({ where: { resource_id: alert.id } });
      expect(row).toMatchObject({ action: `alert.${name}`, actor: 'system', status: allowed ? 'success' : 'failure' });
    },
  );

  it('names a missing alert or camera as not found, and a duplicate camera as a conflict', async () => {
    await expect(new AlertService(ctx.prisma).dismiss(MISSING)).rejects.toBeInstanceOf(NotFoundError);
    await expect(new CameraService(ctx.prisma).remove('nowhere')).rejects.toBeInstanceOf(NotFoundError);
    await expect(new CameraService(ctx.prisma).update('nowhere', { status: 'online' })).rejects.toBeInstanceOf(NotFoundError);
    const taken = await cameraFactory.create(ctx.prisma);
    await expect(new CameraService(ctx.prisma).register({ id: 'fresh', name: taken.name, folder_path: '/data/fresh' })).rejects.toBeInstanceOf(ConflictError);
    await expect(new CameraService(ctx.prisma).register({ id: taken.id, name: 'Fresh', folder_path: '/data/fresh' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('rolls the change back when its audit row cannot be written (one transaction)', async () => {
    const failingAudit: AuditWriter = {
      async record(db, entry, status) {
        if (status === 'success') throw new Error('audit store unavailable');
        await worker.record(db, entry, status);
      },
    };
    const alert = await alertFactory.create(ctx.prisma);
    await expect(new AlertService(ctx.prisma, failingAudit).acknowledge(alert.id)).rejects.toThrow('audit store unavailable');
    expect(await ctx.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: 'pending' });
    await expect(new CameraService(ctx.prisma, failingAudit).register({ id: 'rolled_back', name: 'Rolled back', folder_path: '/data/rolled_back' })).rejects.toThrow();
    expect(await ctx.prisma.camera.findUnique({ where: { id: 'rolled_back' } })).toBeNull();
  });

  it('writes no row without an audit writer', async () => {
    const before = await ctx.prisma.auditLog.count();
    const camera = await new CameraService(ctx.prisma).register({ id: 'quiet', name: 'Quiet', folder_path: '/data/quiet' });
    await new CameraService(ctx.prisma).update(camera.id, { status: 'online' });
    await new CameraService(ctx.prisma).remove(camera.id);
    expect(await ctx.prisma.auditLog.count()).toBe(before);
  });
});
