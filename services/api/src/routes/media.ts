import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { HttpError } from '../http/problem';
import { binaryResponse, jsonResponse, problemResponse } from '../http/responseDocs';
import { booleanQuery } from '../schemas/common';
import { clipThumbnail } from '../media/clipThumbnail';
import { isVideoType, MEDIA_TYPES, resolveConfinedMedia, type MediaResolution } from '../media/confinedPath';
import { isFile, sendRangedFile } from '../media/sendFile';
import type { RouteModule } from './routeModule';

const CAMERA_ID = /^[a-z0-9_]{1,100}$/;
const forbiddenBody = z.object({ error: z.string(), path: z.string() });

/** Express 5 hands a `*name` wildcard over as its decoded segments. */
function wildcard(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

const MEDIA_CACHE_CONTROL = 'private, max-age=3600';

async function sendMedia(res: Response, resolution: MediaResolution, requested: string, thumbnail = false): Promise<void> {
  if (resolution.kind === 'forbidden') {
    res.status(403).json({ error: resolution.error, path: requested });
    return;
  }
  if (resolution.kind === 'not_found' || !(await isFile(resolution.absolutePath))) {
    throw new HttpError(404, 'Not Found', 'Media file not found');
  }
  if (thumbnail && isVideoType(resolution.contentType)) {
    const frame = await clipThumbnail(resolution.absolutePath);
    if (!frame) throw new HttpError(404, 'Not Found', 'No thumbnail for this clip yet');
    return sendRangedFile(res, frame, 'image/jpeg', MEDIA_CACHE_CONTROL);
  }
  await sendRangedFile(res, resolution.absolutePath, resolution.contentType, MEDIA_CACHE_CONTROL);
}

/** A camera's own folder, which must itself lie inside CAMERA_ROOT (a stored path cannot widen access). */
async function cameraFolder(deps: ApiDeps, cameraId: string): Promise<string | null> {
  const camera = await deps.prisma.camera.findUnique({ where: { id: cameraId }, select: { folder_path: true } });
  if (!camera) throw new HttpError(404, 'Not Found', 'Camera not found');
  const root = path.resolve(deps.config.CAMERA_ROOT);
  const folder = path.resolve(root, camera.folder_path);
  const [realRoot, realFolder] = await Promise.all([realpath(root).catch(() => null), realpath(folder).catch(() => null)]);
  if (!realRoot || !realFolder) throw new HttpError(404, 'Not Found', 'Media file not found');
  const relative = path.relative(realRoot, realFolder);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? realFolder : null;
}

const cameraMediaQuery = z.object({
  thumbnail: booleanQuery()
    .optional()
    .openapi({ description: "For a clip: its first frame as a JPEG (404 until ingest has extracted it). Ignored for images." }),
});

function documentMedia(registry: Parameters<RouteModule['register']>[1], routePath: string, summary: string, params: z.ZodObject, query?: z.ZodObject): void {
  registry.registerPath({
    method: 'get',
    path: routePath,
    summary,
    tags: ['media'],
    request: { params, ...(query ? { query } : {}) },
    responses: {
      200: binaryResponse([...new Set(Object.values(MEDIA_TYPES))], 'The file, with the content type of its extension; `Accept-Ranges: bytes`'),
      206: binaryResponse([...new Set(Object.values(MEDIA_TYPES))], 'The requested byte range (`Range: bytes=...`), with `Content-Range`'),
      403: jsonResponse(forbiddenBody, 'Outside the base folder or a file type not allowed'),
      404: problemResponse('No such file or camera'),
      416: { description: 'The range lies outside the file (`Content-Range: bytes */<size>`)' },
    },
  });
}

/** Camera uploads and thumbnails, each confined to its base folder (CONTRACT.md "Media"). */
export const mediaRoutes: RouteModule = {
  name: 'media',
  register(router, registry, deps) {
    documentMedia(
      registry,
      '/api/media/cameras/{camera_id}/{path}',
      'A file from a camera folder (snapshots, clips with range requests, a clip\'s thumbnail)',
      z.object({ camera_id: z.string(), path: z.string() }),
      cameraMediaQuery,
    );
    router.get('/api/media/cameras/:camera_id/*path', async (req, res) => {
      const cameraId = req.params.camera_id;
      const requested = wildcard(req, 'path');
      if (!CAMERA_ID.test(cameraId)) {
        res.status(403).json({ error: 'Path traversal not allowed', path: `${cameraId}/${requested}` });
        return;
      }
      const folder = await cameraFolder(deps, cameraId);
      if (!folder) {
        res.status(403).json({ error: 'Camera folder is outside the media root', path: requested });
        return;
      }
      const query = cameraMediaQuery.safeParse(req.query);
      await sendMedia(res, await resolveConfinedMedia(folder, requested), requested, query.success && query.data.thumbnail === true);
    });

    documentMedia(registry, '/api/media/thumbnails/{file}', 'A thumbnail', z.object({ file: z.string() }));
    router.get('/api/media/thumbnails/*file', async (req, res) => {
      const requested = wildcard(req, 'file');
      await sendMedia(res, await resolveConfinedMedia(deps.config.THUMBNAIL_DIR, requested), requested);
    });
  },
};
