import { cameraIdFromName, type Camera, type Prisma } from '@secpipe/core';
import { defineFactory } from './defineFactory';
import { minutesAgo } from './fakeData';

const NAMES = ['Front Door', 'Driveway', 'Back Yard', 'Garage', 'Side Gate', 'Porch'];

export const cameraFactory = defineFactory<Prisma.CameraUncheckedCreateInput, Camera, 'offline' | 'neverSeen'>({
  defaults: (n) => {
    const name = `${NAMES[n % NAMES.length]} ${n}`;
    return {
      id: cameraIdFromName(name),
      name,
      folder_path: `/data/cameras/${name}`,
      status: 'online',
      last_seen_at: minutesAgo(n % 60),
    };
  },
  traits: {
    offline: { status: 'offline', last_seen_at: minutesAgo(24 * 60) },
    neverSeen: { status: 'unknown', last_seen_at: null },
  },
  insert: (db, data) => db.camera.create({ data }),
});
