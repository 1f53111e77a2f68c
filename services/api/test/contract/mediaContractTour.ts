import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cameraFactory, detectionFactory, type IntegrationContext } from '@secpipe/testing';
import type { ApiDeps } from '../../src/deps';
import { writeJpeg } from '../support';
import type { TourCall } from './tourCaller';

const CAMERA_FILE = '/api/media/cameras/{camera_id}/{path}';
const THUMBNAIL = '/api/media/thumbnails/{file}';
const DETECTION_VIDEO = '/api/detections/{id}/video';

/** A camera folder under CAMERA_ROOT and a thumbnail under THUMBNAIL_DIR, as the watcher and detector leave them. */
async function mediaFixtures(ctx: IntegrationContext, deps: ApiDeps): Promise<string> {
  const folder = path.join(deps.config.CAMERA_ROOT, 'Media Tour');
  await mkdir(folder, { recursive: true });
  await mkdir(deps.config.THUMBNAIL_DIR, { recursive: true });
  await writeJpeg(path.join(folder, 'snap.jpg'), 64, 48);
  await writeFile(path.join(folder, 'notes.txt'), 'not media');
  await writeFile(path.join(folder, 'clip.mp4'), Buffer.alloc(2048, 7));
  await writeJpeg(path.join(deps.config.THUMBNAIL_DIR, 'media_tour.jpg'), 32, 24);
  const camera = await cameraFactory.create(ctx.prisma, { id: 'media_tour', name: 'Media Tour', folder_path: folder });
  return camera.id;
}

/** Served files, a traversal, a file type off the allow-list and missing files, for both media routes. */
export async function runMediaContractTour(call: TourCall, ctx: IntegrationContext, deps: ApiDeps): Promise<void> {
  const cameraId = await mediaFixtures(ctx, deps);
  await call('get', CAMERA_FILE, `/api/media/cameras/${cameraId}/snap.jpg`);
  await call('get', CAMERA_FILE, `/api/media/cameras/${cameraId}/..%2F..%2Fsecret.jpg`);
  await call('get', CAMERA_FILE, `/api/media/cameras/${cameraId}/notes.txt`);
  await call('get', CAMERA_FILE, `/api/media/cameras/${cameraId}/missing.jpg`);
  await call('get', CAMERA_FILE, '/api/media/cameras/no_such_camera/snap.jpg');

  await call('get', CAMERA_FILE, `/api/media/cameras/${cameraId}/clip.mp4`);
  await call('get', CAMERA_FILE, `/api/media/cameras/${cameraId}/clip.mp4?thumbnail=true`);

  const folder = path.join(deps.config.CAMERA_ROOT, 'Media Tour');
  const frame = await detectionFactory.create(ctx.prisma, { camera_id: cameraId, media_type: 'video', file_path: path.join(folder, 'snap.jpg'), video_path: path.join(folder, 'clip.mp4') });
  const snapshot = await detectionFactory.create(ctx.prisma, { camera_id: cameraId });
  await call('get', DETECTION_VIDEO, `/api/detections/${frame.id}/video`);
  await call('get', DETECTION_VIDEO, `/api/detections/${snapshot.id}/video`);

  await call('get', THUMBNAIL, '/api/media/thumbnails/media_tour.jpg');
  await call('get', THUMBNAIL, '/api/media/thumbnails/..%2Fsecret.jpg');
  await call('get', THUMBNAIL, '/api/media/thumbnails/media_tour.svg');
  await call('get', THUMBNAIL, '/api/media/thumbnails/missing.jpg');
}
