import { z } from 'zod';
import { SceneChangeService, type PrismaClient } from '@secpipe/core';
import { offsetPage } from '../http/pageResponse';
import { notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { auditFor } from '../security/auditActor';
import { cameraIdParam, serialId } from '../schemas/common';
import { sceneChangeListQuery, sceneChangePageSchema, sceneChangeSchema, toSceneChangeJson } from '../schemas/sceneChanges';
import type { RouteModule } from './routeModule';

const TAG = 'Cameras';
const cameraParams = z.object({ id: cameraIdParam() });
const sceneChangeParams = z.object({ id: cameraIdParam(), scene_change_id: serialId() });

async function requireCamera(prisma: PrismaClient, id: string): Promise<void> {
  if (!(await prisma.camera.findUnique({ where: { id }, select: { id: true } }))) throw notFound('Camera', id);
}

/**
 * `/api/cameras/{id}/scene-changes`: the camera's view covered, turned or tampered with, as the
 * enrichment service's scene check recorded it, newest first; and acknowledging one.
 */
export const sceneChangeRoutes: RouteModule = {
  name: 'scene changes',
  register(router, registry, { prisma }) {
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/cameras/{id}/scene-changes',
      summary: "List a camera's scene changes, newest first",
      tag: TAG,
      params: cameraParams,
      query: sceneChangeListQuery,
      responses: { 200: { description: 'A page of scene changes', schema: sceneChangePageSchema } },
      async handler({ params, query }, _req, res) {
        await requireCamera(prisma, params.id);
        const where = { camera_id: params.id, ...(query.acknowledged === undefined ? {} : { acknowledged: query.acknowledged }) };
        const [rows, total] = await Promise.all([
          prisma.sceneChange.findMany({ where, orderBy: [{ detected_at: 'desc' }, { id: 'desc' }], take: query.limit, skip: query.offset }),
          prisma.sceneChange.count({ where }),
        ]);
        res.json(offsetPage(rows.map(toSceneChangeJson), total, query));
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/cameras/{id}/scene-changes/{scene_change_id}/acknowledge',
      summary: 'Acknowledge a scene change (again: answers it unchanged)',
      tag: TAG,
      params: sceneChangeParams,
      responses: { 200: { description: 'The acknowledged scene change', schema: sceneChangeSchema } },
      async handler({ params }, req, res) {
        const change = await new SceneChangeService(prisma, auditFor(req, res)).acknowledge(params.id, params.scene_change_id);
        res.json(toSceneChangeJson(change));
      },
    });
  },
};
