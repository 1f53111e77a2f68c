import type { Detection, Prisma, PrismaClient } from '@secpipe/core';
import { cameraFactory } from './cameraFactory';
import { defineFactory } from './defineFactory';
import { fakeFileHash, minutesAgo, SECURITY_CLASSES } from './fakeData';

export type DetectionInput = Omit<Prisma.DetectionUncheckedCreateInput, 'camera_id'> & { camera_id?: string };

/** Inserting a detection for a camera that does not exist yet creates that camera first. */
async function ensureCamera(db: PrismaClient, cameraId: string | undefined): Promise<string> {
  if (cameraId) {
    const existing = await db.camera.findUnique({ where: { id: cameraId } });
    if (existing) return cameraId;
    return (await cameraFactory.create(db, { id: cameraId, name: cameraId, folder_path: `/data/cameras/${cameraId}` })).id;
  }
  return (await cameraFactory.create(db)).id;
}

export const detectionFactory = defineFactory<DetectionInput, Detection, 'person' | 'vehicle' | 'lowConfidence' | 'enriched'>({
  defaults: (n) => ({
    file_path: `/data/cameras/front_door/snap_${String(n).padStart(5, '0')}.jpg`,
    file_type: 'jpg',
    file_hash: fakeFileHash(n),
    box_index: 0,
    detected_at: minutesAgo(n),
    object_type: SECURITY_CLASSES[n % SECURITY_CLASSES.length],
    confidence: 0.6 + (n % 40) / 100,
    bbox_x: 100 + (n % 50),
    bbox_y: 80,
    bbox_width: 120,
    bbox_height: 240,
    image_width: 1920,
    image_height: 1080,
    media_type: 'image',
  }),
  traits: {
    person: { object_type: 'person', confidence: 0.93 },
    vehicle: { object_type: 'car', confidence: 0.88, bbox_width: 400, bbox_height: 220 },
    lowConfidence: { confidence: 0.51 },
    enriched: { enrichment_data: { zones: ['entry_point'], time_of_day: 'night' } },
  },
  insert: async (db, data) => db.detection.create({ data: { ...data, camera_id: await ensureCamera(db, data.camera_id) } }),
});

export { ensureCamera };
