import { z } from 'zod';
import type { PrismaClient } from '@secpipe/core';
import { offsetPage } from '../http/pageResponse';
import { paginationQuery } from '../http/pagination';
import { conflict, notFound, ValidationError } from '../http/problem';
import { defineRoute } from '../http/route';
import { isUniqueViolation } from '../repositories/prismaErrors';
import { cameraIdParam, uuidId } from '../schemas/common';
import { createZoneBody, shapeFitsCoordinates, toZoneJson, updateZoneBody, zonePageSchema, zoneSchema } from '../schemas/zones';
import type { RouteModule } from './routeModule';

const TAG = 'Zones';
const cameraParams = z.object({ id: cameraIdParam() });
const zoneParams = z.object({ id: cameraIdParam(), zone_id: uuidId() });
const DUPLICATE = 'This camera already has a zone with that name';

async function requireCamera(prisma: PrismaClient, id: string): Promise<void> {
  const camera = await prisma.camera.findUnique({ where: { id }, select: { id: true } });
  if (!camera) throw notFound('Camera', id);
}

async function requireZone(prisma: PrismaClient, cameraId: string, zoneId: string) {
  const zone = await prisma.zone.findFirst({ where: { id: zoneId, camera_id: cameraId } });
  if (!zone) throw notFound('Zone', zoneId);
  return zone;
}

/** `/api/cameras/{id}/zones`: the regions of a camera's image that rules and enrichment refer to. */
export const zoneRoutes: RouteModule = {
  name: 'zones',
  register(router, registry, { prisma }) {
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/cameras/{id}/zones',
      summary: "List a camera's zones",
      tag: TAG,
      params: cameraParams,
      query: paginationQuery.omit({ cursor: true }),
      responses: { 200: { description: 'A page of zones', schema: zonePageSchema } },
      async handler({ params, query }, _req, res) {
        await requireCamera(prisma, params.id);
        const where = { camera_id: params.id };
        const [rows, total] = await Promise.all([
          prisma.zone.findMany({ where, orderBy: [{ priority: 'desc' }, { name: 'asc' }], take: query.limit, skip: query.offset }),
          prisma.zone.count({ where }),
        ]);
        res.json(offsetPage(rows.map(toZoneJson), total, query));
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/cameras/{id}/zones',
      summary: 'Create a zone',
      tag: TAG,
      params: cameraParams,
      body: createZoneBody,
      responses: { 201: { description: 'Created', schema: zoneSchema }, 409: { description: 'Duplicate zone name' } },
      async handler({ params, body }, _req, res) {
        await requireCamera(prisma, params.id);
        try {
          const zone = await prisma.zone.create({ data: { ...body, camera_id: params.id } });
          res.status(201).json(toZoneJson(zone));
        } catch (error) {
          if (isUniqueViolation(error)) throw conflict(DUPLICATE);
          throw error;
        }
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/cameras/{id}/zones/{zone_id}',
      summary: 'Get a zone',
      tag: TAG,
      params: zoneParams,
      responses: { 200: { description: 'The zone', schema: zoneSchema } },
      async handler({ params }, _req, res) {
        res.json(toZoneJson(await requireZone(prisma, params.id, params.zone_id)));
      },
    });

    defineRoute(router, registry, {
      method: 'put',
      path: '/api/cameras/{id}/zones/{zone_id}',
      summary: 'Update a zone (any subset of its fields)',
      tag: TAG,
      params: zoneParams,
      body: updateZoneBody,
      responses: { 200: { description: 'The updated zone', schema: zoneSchema }, 409: { description: 'Duplicate zone name' } },
      async handler({ params, body }, _req, res) {
        const current = await requireZone(prisma, params.id, params.zone_id);
        const shape = body.shape ?? current.shape;
        const coordinates = body.coordinates ?? (current.coordinates as Array<[number, number]>);
        if (!shapeFitsCoordinates(shape, coordinates)) {
          throw new ValidationError([{ field: 'body.coordinates', message: 'a rectangle needs 2 or 4 points, a polygon at least 3' }]);
        }
        try {
          const { count } = await prisma.zone.updateMany({ where: { id: params.zone_id, camera_id: params.id }, data: body });
          if (count === 0) throw notFound('Zone', params.zone_id);
        } catch (error) {
          if (isUniqueViolation(error)) throw conflict(DUPLICATE);
          throw error;
        }
        res.json(toZoneJson(await requireZone(prisma, params.id, params.zone_id)));
      },
    });

    defineRoute(router, registry, {
      method: 'delete',
      path: '/api/cameras/{id}/zones/{zone_id}',
      summary: 'Delete a zone',
      tag: TAG,
      params: zoneParams,
      responses: { 204: { description: 'Deleted' } },
      async handler({ params }, _req, res) {
        const { count } = await prisma.zone.deleteMany({ where: { id: params.zone_id, camera_id: params.id } });
        if (count === 0) throw notFound('Zone', params.zone_id);
        res.status(204).end();
      },
    });
  },
};
