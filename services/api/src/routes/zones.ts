import { z } from 'zod';
import { offsetPage } from '../http/pageResponse';
import { paginationQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import { auditFor } from '../security/auditActor';
import { cameraIdParam, uuidId } from '../schemas/common';
import { createZoneBody, toZoneJson, updateZoneBody, zonePageSchema, zoneSchema } from '../schemas/zones';
import { requireCamera, requireZone, ZoneService } from '../services/zoneService';
import type { RouteModule } from './routeModule';

const TAG = 'Zones';
const cameraParams = z.object({ id: cameraIdParam() });
const zoneParams = z.object({ id: cameraIdParam(), zone_id: uuidId() });

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
      async handler({ params, body }, req, res) {
        const zone = await new ZoneService(prisma, auditFor(req, res)).create(params.id, body);
        res.status(201).json(toZoneJson(zone));
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
      async handler({ params, body }, req, res) {
        const zone = await new ZoneService(prisma, auditFor(req, res)).update(params.id, params.zone_id, body);
        res.json(toZoneJson(zone));
      },
    });

    defineRoute(router, registry, {
      method: 'delete',
      path: '/api/cameras/{id}/zones/{zone_id}',
      summary: 'Delete a zone',
      tag: TAG,
      params: zoneParams,
      responses: { 204: { description: 'Deleted' } },
      async handler({ params }, req, res) {
        await new ZoneService(prisma, auditFor(req, res)).remove(params.id, params.zone_id);
        res.status(204).end();
      },
    });
  },
};
