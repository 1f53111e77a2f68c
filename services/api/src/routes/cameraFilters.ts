import { z } from 'zod';
import { CameraService, readObjectFilters, type PrismaClient } from '@secpipe/core';
import { notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { auditFor } from '../security/auditActor';
import { cameraFiltersSchema, objectFiltersBody } from '../schemas/cameraFilters';
import { cameraIdParam } from '../schemas/common';
import type { RouteModule } from './routeModule';

const TAG = 'Cameras';
const cameraParams = z.object({ id: cameraIdParam() });

async function readFilters(prisma: PrismaClient, id: string) {
  const camera = await prisma.camera.findUnique({ where: { id }, select: { object_filters: true } });
  if (!camera) throw notFound('Camera', id);
  return { camera_id: id, filters: readObjectFilters(camera.object_filters) };
}

/**
 * `/api/cameras/{id}/filters`: the camera's object filters, which the enrichment service
 * applies to the next image (a filtered detection is kept, marked, and opens no batch).
 */
export const cameraFilterRoutes: RouteModule = {
  name: 'camera filters',
  register(router, registry, { prisma }) {
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/cameras/{id}/filters',
      summary: "Get a camera's object filters",
      tag: TAG,
      params: cameraParams,
      responses: { 200: { description: 'The filters ({} when none)', schema: cameraFiltersSchema } },
      async handler({ params }, _req, res) {
        res.json(await readFilters(prisma, params.id));
      },
    });

    defineRoute(router, registry, {
      method: 'put',
      path: '/api/cameras/{id}/filters',
      summary: "Replace a camera's object filters ({} removes them all)",
      tag: TAG,
      params: cameraParams,
      body: objectFiltersBody,
      responses: { 200: { description: 'The stored filters', schema: cameraFiltersSchema } },
      async handler({ params, body }, req, res) {
        await new CameraService(prisma, auditFor(req, res)).replaceObjectFilters(params.id, body);
        res.json(await readFilters(prisma, params.id));
      },
    });
  },
};
