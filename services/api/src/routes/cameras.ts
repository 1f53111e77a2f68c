import { z } from 'zod';
import { cameraIdFromFolderPath, CameraService } from '@secpipe/core';
import { notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { listCameras } from '../repositories/cameraRepository';
import { IMAGE_CONTENT_TYPES, isFile, streamFile } from '../media/sendFile';
import { auditFor } from '../security/auditActor';
import { cameraIdParam } from '../schemas/common';
import {
  cameraListQuery,
  cameraPageSchema,
  cameraSchema,
  createCameraBody,
  toCameraJson,
  updateCameraBody,
} from '../schemas/cameras';
import type { RouteModule } from './routeModule';

const TAG = 'Cameras';
const cameraParams = z.object({ id: cameraIdParam() });
/** Enough recent detections to skip a few whose files have since been removed. */
const SNAPSHOT_CANDIDATES = 5;

/** `/api/cameras`: list, create, read, update, delete (cascading) and the newest snapshot. */
export const cameraRoutes: RouteModule = {
  name: 'cameras',
  register(router, registry, { prisma, sql, responses }) {
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/cameras',
      summary: 'List cameras',
      tag: TAG,
      query: cameraListQuery,
      responses: { 200: { description: 'A page of cameras', schema: cameraPageSchema } },
      async handler({ query }, req, res) {
        await responses.send(req, res, { key: JSON.stringify(query), tables: ['cameras'] }, () => listCameras(sql, query));
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/cameras',
      summary: 'Register a camera',
      tag: TAG,
      body: createCameraBody,
      responses: { 201: { description: 'Created', schema: cameraSchema }, 409: { description: 'Duplicate name or folder' } },
      async handler({ body }, req, res) {
        const registration = { id: cameraIdFromFolderPath(body.folder_path), name: body.name, folder_path: body.folder_path, ...(body.status ? { status: body.status } : {}) };
        const camera = await new CameraService(prisma, auditFor(req, res)).register(registration);
        res.status(201).json(toCameraJson(camera));
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/cameras/{id}',
      summary: 'Get a camera',
      tag: TAG,
      params: cameraParams,
      responses: { 200: { description: 'The camera', schema: cameraSchema } },
      async handler({ params }, _req, res) {
        const camera = await prisma.camera.findUnique({ where: { id: params.id } });
        if (!camera) throw notFound('Camera', params.id);
        res.json(toCameraJson(camera));
      },
    });

    defineRoute(router, registry, {
      method: 'patch',
      path: '/api/cameras/{id}',
      summary: 'Update a camera',
      tag: TAG,
      params: cameraParams,
      body: updateCameraBody,
      responses: { 200: { description: 'The updated camera', schema: cameraSchema }, 409: { description: 'Duplicate name or folder' } },
      async handler({ params, body }, req, res) {
        const camera = await new CameraService(prisma, auditFor(req, res)).update(params.id, body);
        res.json(toCameraJson(camera));
      },
    });

    defineRoute(router, registry, {
      method: 'delete',
      path: '/api/cameras/{id}',
      summary: 'Delete a camera with its detections, events and zones',
      tag: TAG,
      params: cameraParams,
      responses: { 204: { description: 'Deleted' } },
      async handler({ params }, req, res) {
        await new CameraService(prisma, auditFor(req, res)).remove(params.id);
        res.status(204).end();
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/cameras/{id}/snapshot',
      summary: "The camera's newest image",
      tag: TAG,
      params: cameraParams,
      responses: { 200: { description: 'Image bytes', binary: IMAGE_CONTENT_TYPES } },
      async handler({ params }, _req, res) {
        const camera = await prisma.camera.findUnique({ where: { id: params.id }, select: { id: true } });
        if (!camera) throw notFound('Camera', params.id);
        const recent = await prisma.detection.findMany({
          // A clip's frames are JPEGs too: a camera that uploads only clips still has a newest image.
          where: { camera_id: params.id, media_type: { in: ['image', 'video'] } },
          orderBy: [{ detected_at: 'desc' }, { id: 'desc' }],
          take: SNAPSHOT_CANDIDATES,
          select: { file_path: true },
        });
        for (const { file_path } of recent) {
          if (await isFile(file_path)) return streamFile(res, file_path, 'no-cache', 'Snapshot');
        }
        throw notFound('Snapshot of camera', params.id);
      },
    });
  },
};
