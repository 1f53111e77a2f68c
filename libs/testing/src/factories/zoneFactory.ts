import type { Prisma, Zone } from '@secpipe/core';
import { ensureCamera } from './detectionFactory';
import { defineFactory } from './defineFactory';

export type ZoneInput = Omit<Prisma.ZoneUncheckedCreateInput, 'camera_id'> & { camera_id?: string };

export const zoneFactory = defineFactory<ZoneInput, Zone, 'entryPoint' | 'driveway' | 'polygon' | 'disabled'>({
  defaults: (n) => ({
    name: `Zone ${n}`,
    zone_type: 'yard',
    coordinates: [
      [0.1, 0.1],
      [0.5, 0.1],
      [0.5, 0.5],
      [0.1, 0.5],
    ],
    shape: 'rectangle',
    color: '#3B82F6',
    enabled: true,
    priority: 0,
  }),
  traits: {
    entryPoint: { zone_type: 'entry_point', name: 'Front door', color: '#EF4444', priority: 10 },
    driveway: { zone_type: 'driveway', name: 'Driveway', color: '#F59E0B', priority: 5 },
    polygon: {
      shape: 'polygon',
      coordinates: [
        [0.2, 0.2],
        [0.8, 0.25],
        [0.7, 0.9],
        [0.15, 0.75],
      ],
    },
    disabled: { enabled: false },
  },
  insert: async (db, data) => db.zone.create({ data: { ...data, camera_id: await ensureCamera(db, data.camera_id) } }),
});
