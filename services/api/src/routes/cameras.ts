import { z } from 'zod';
import { cameraIdFromFolderPath, type PrismaClient } from '@secpipe/core';
import { conflict, notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { listCameras } from '../repositories/cameraRepository';
import { IMAGE_CONTENT_TYPES, isFile, streamFile } from '../media/sendFile';
import { isRecordMissing, isUniqueViolation } from '../repositories/prismaErrors';
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

async function findClash(prisma: PrismaClient, fields: { id?: string; name?: string; folder_path?: string }, exceptId?: string) {
  const or = [
    ...(fields.id ? [{ id: fields.id }] : []),
    ...(fields.name ? [{ name: fields.name }] : []),
    ...(fields.folder_path ? [{ folder_path: fields.folder_path }] : []),
  ];
  if (or.length === 0) return null;
  return prisma.camera.findFirst({ where: { OR: or, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
}

const DUPLICATE = 'A camera with this name or folder already exists';

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
      async handler({ body }, _req, res) {
        const id = cameraIdFromFolderPath(body.folder_path);
        if (await findClash(prisma, { id, name: body.name, folder_path: body.folder_path })) throw conflict(DUPLICATE);
        try {
          const camera = await prisma.camera.create({ data: { id, name: body.name, folder_path: body.folder_path, ...(body.status ? { status: body.status } : {}) } });
          res.status(201).json(toCameraJson(camera));
        } catch (error) {
          if (isUniqueViolation(error)) throw conflict(DUPLICATE);
          throw error;
        }
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
      async handler({ params, body }, _req, res) {
        if (await findClash(prisma, { name: body.name, folder_path: body.folder_path }, params.id)) throw conflict(DUPLICATE);
        try {
          const camera = await prisma.camera.update({ where: { id: params.id }, data: body });
          res.json(toCameraJson(camera));
        } catch (error) {
          if (isRecordMissing(error)) throw notFound('Camera', params.id);
          if (isUniqueViolation(error)) throw conflict(DUPLICATE);
          throw error;
        }
      },
    });

    defineRoute(router, registry, {
      method: 'delete',
      path: '/api/cameras/{id}',
      summary: 'Delete a camera with its detections, events and zones',
      tag: TAG,
      params: cameraParams,
      responses: { 204: { description: 'Deleted' } },
      async handler({ params }, _req, res) {
        // deleteMany never throws for a missing row, so concurrent deletes settle as 204 / 404.
        // Detections, events, zones and baselines go with it through ON DELETE CASCADE.
        const { count } = await prisma.camera.deleteMany({ where: { id: params.id } });
        if (count === 0) throw notFound('Camera', params.id);
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
          where: { camera_id: params.id, media_type: 'image' },
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
