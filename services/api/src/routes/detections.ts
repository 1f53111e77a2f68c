import { z } from 'zod';
import { HttpError, notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { boxedDetectionImage } from '../media/detectionImage';
import { isVideoType, resolveStoredMedia } from '../media/confinedPath';
import { IMAGE_CONTENT_TYPES, isFile, sendRangedFile, streamFile, VIDEO_CONTENT_TYPES } from '../media/sendFile';
import { detectionStats, listDetections } from '../repositories/detectionRepository';
import { serialId } from '../schemas/common';
import {
  detectionImageQuery,
  detectionListQuery,
  detectionPageSchema,
  detectionSchema,
  detectionStatsQuery,
  detectionStatsSchema,
  toDetectionJson,
} from '../schemas/detections';
import type { ApiDeps } from '../deps';
import type { Response } from 'express';
import type { RouteModule } from './routeModule';

const TAG = 'Detections';
const detectionParams = z.object({ id: serialId() });
/** A boxed image never changes once drawn (detections are immutable). */
const BOXED_CACHE_CONTROL = 'public, max-age=86400, immutable';
const ORIGINAL_CACHE_CONTROL = 'public, max-age=3600';

async function findDetection({ prisma }: ApiDeps, id: number) {
  const detection = await prisma.detection.findUnique({ where: { id } });
  if (!detection) throw notFound('Detection', id);
  return detection;
}

async function sendBoxedImage(deps: ApiDeps, id: number, res: Response): Promise<void> {
  const detection = await findDetection(deps, id);
  const image = await boxedDetectionImage(detection, deps.config.THUMBNAIL_DIR);
  if (!image) throw notFound('Image of detection', id);
  res.setHeader('X-Thumbnail-Cache', image.cached ? 'hit' : 'miss');
  await streamFile(res, image.path, BOXED_CACHE_CONTROL, 'Image');
}

/** `/api/detections`: filtered keyset list, per-class stats, one detection, its images. */
export const detectionRoutes: RouteModule = {
  name: 'detections',
  register(router, registry, deps) {
    const { prisma, sql, responses } = deps;
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/detections',
      summary: 'List detections, newest first',
      tag: TAG,
      query: detectionListQuery,
      responses: { 200: { description: 'A page of detections', schema: detectionPageSchema } },
      async handler({ query }, req, res) {
        await responses.send(req, res, { key: JSON.stringify(query), tables: ['detections'] }, () => listDetections(sql, query));
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/detections/stats',
      summary: 'Detection counts per class and mean confidence',
      tag: TAG,
      query: detectionStatsQuery,
      responses: { 200: { description: 'Statistics', schema: detectionStatsSchema } },
      async handler({ query }, _req, res) {
        res.json(await detectionStats(prisma, query.camera_id));
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/detections/{id}',
      summary: 'Get a detection',
      tag: TAG,
      params: detectionParams,
      responses: { 200: { description: 'The detection', schema: detectionSchema } },
      async handler({ params }, _req, res) {
        res.json(toDetectionJson(await findDetection(deps, params.id)));
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/detections/{id}/image',
      summary: 'The image with the box and label drawn (cached after the first request); ?full=true for the original',
      tag: TAG,
      params: detectionParams,
      query: detectionImageQuery,
      responses: { 200: { description: 'JPEG thumbnail, or the original file', binary: IMAGE_CONTENT_TYPES } },
      async handler({ params, query }, _req, res) {
        if (!query.full) return sendBoxedImage(deps, params.id, res);
        const detection = await findDetection(deps, params.id);
        await streamFile(res, detection.file_path, ORIGINAL_CACHE_CONTROL, 'Image');
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/detections/{id}/video',
      summary: 'The clip a video frame was taken from, with range requests (206, 416); 404 for a snapshot',
      tag: TAG,
      params: detectionParams,
      responses: {
        200: { description: 'The clip; `Accept-Ranges: bytes`', binary: VIDEO_CONTENT_TYPES },
        206: { description: 'The requested byte range, with `Content-Range`', binary: VIDEO_CONTENT_TYPES },
        403: { description: 'The stored clip lies outside CAMERA_ROOT' },
        416: { description: 'The range lies outside the clip' },
      },
      async handler({ params }, _req, res) {
        const detection = await findDetection(deps, params.id);
        if (!detection.video_path) throw notFound('Video of detection', params.id);
        const clip = await resolveStoredMedia(deps.config.CAMERA_ROOT, detection.video_path);
        if (clip.kind === 'forbidden') throw new HttpError(403, 'Forbidden', clip.error);
        if (clip.kind === 'not_found' || !isVideoType(clip.contentType)) throw notFound('Video of detection', params.id);
        await sendRangedFile(res, clip.absolutePath, clip.contentType, ORIGINAL_CACHE_CONTROL);
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/detections/{id}/thumbnail',
      summary: "The detection's thumbnail (the boxed image when none was stored)",
      tag: TAG,
      params: detectionParams,
      responses: { 200: { description: 'JPEG thumbnail', binary: IMAGE_CONTENT_TYPES } },
      async handler({ params }, _req, res) {
        const detection = await findDetection(deps, params.id);
        if (detection.thumbnail_path && (await isFile(detection.thumbnail_path))) {
          return streamFile(res, detection.thumbnail_path, BOXED_CACHE_CONTROL, 'Thumbnail');
        }
        await sendBoxedImage(deps, params.id, res);
      },
    });
  },
};
