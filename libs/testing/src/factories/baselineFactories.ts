import type { ActivityBaseline, AuditLog, ClassBaseline, Prisma, Setting } from '@secpipe/core';
import { ensureCamera } from './detectionFactory';
import { defineFactory } from './defineFactory';

type WithCamera<T> = Omit<T, 'camera_id'> & { camera_id?: string };

export const activityBaselineFactory = defineFactory<WithCamera<Prisma.ActivityBaselineUncheckedCreateInput>, ActivityBaseline, 'busy'>({
  defaults: (n) => ({ hour: n % 24, day_of_week: n % 7, avg_count: 2.5, sample_count: 14 }),
  traits: { busy: { avg_count: 40, sample_count: 60 } },
  insert: async (db, data) => db.activityBaseline.create({ data: { ...data, camera_id: await ensureCamera(db, data.camera_id) } }),
});

export const classBaselineFactory = defineFactory<WithCamera<Prisma.ClassBaselineUncheckedCreateInput>, ClassBaseline, 'rare'>({
  defaults: (n) => ({ object_class: 'person', hour: n % 24, frequency: 0.4, sample_count: 30 }),
  traits: { rare: { frequency: 0.01, sample_count: 2 } },
  insert: async (db, data) => db.classBaseline.create({ data: { ...data, camera_id: await ensureCamera(db, data.camera_id) } }),
});

export const settingFactory = defineFactory<Prisma.SettingUncheckedCreateInput, Setting>({
  defaults: (n) => ({ key: `setting_${n}`, value: n }),
  traits: {},
  insert: (db, data) => db.setting.create({ data }),
});

export const auditLogFactory = defineFactory<Prisma.AuditLogUncheckedCreateInput, AuditLog, 'failed'>({
  defaults: (n) => ({ action: 'event_reviewed', resource_type: 'event', resource_id: String(n), actor: 'api', ip_address: '127.0.0.1' }),
  traits: { failed: { status: 'failure' } },
  insert: (db, data) => db.auditLog.create({ data }),
});
