import { z } from 'zod';
import { offsetPage } from '../http/pageResponse';
import { paginationQuery } from '../http/pagination';
import { notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { detectionsOfEvent } from '../repositories/detectionRepository';
import { eventStats, findEvent, listEvents } from '../repositories/eventRepository';
import { cachedByQuery } from '../repositories/statsCache';
import { auditFor } from '../security/auditActor';
import { serialId } from '../schemas/common';
import { detectionPageSchema } from '../schemas/detections';
import { eventListQuery, eventPageSchema, eventSchema, eventStatsQuery, eventStatsSchema, updateEventBody, type EventStatsFilters } from '../schemas/events';
import { EventReviewService } from '../services/eventReviewService';
import type { RouteModule } from './routeModule';

const TAG = 'Events';
const eventParams = z.object({ id: serialId() });
const EVENT_LIST_TABLES = ['events', 'event_detections'] as const;
const EVENT_SEARCH_TABLES = [...EVENT_LIST_TABLES, 'cameras'] as const;

/** `/api/events`: filtered, searchable keyset list, stats, one event, review, its detections. */
export const eventRoutes: RouteModule = {
  name: 'events',
  register(router, registry, { prisma, sql, responses }) {
    const stats = cachedByQuery((query: EventStatsFilters) => eventStats(prisma, query));
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/events',
      summary: 'List events, newest first (filters, full-text q, keyset cursor)',
      tag: TAG,
      query: eventListQuery,
      responses: { 200: { description: 'A page of events', schema: eventPageSchema } },
      async handler({ query }, req, res) {
        // Camera names match `q`, so a searched list also depends on the cameras table.
        const tables = query.q ? EVENT_SEARCH_TABLES : EVENT_LIST_TABLES;
        await responses.send(req, res, { key: JSON.stringify(query), tables }, () => listEvents(sql, query));
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/events/stats',
      summary: 'Event counts by risk level and camera (shared for 5 s between identical requests)',
      tag: TAG,
      query: eventStatsQuery,
      responses: { 200: { description: 'Statistics', schema: eventStatsSchema } },
      async handler({ query }, _req, res) {
        res.json(await stats(query));
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/events/{id}',
      summary: 'Get an event',
      tag: TAG,
      params: eventParams,
      responses: { 200: { description: 'The event', schema: eventSchema } },
      async handler({ params }, _req, res) {
        const event = await findEvent(sql, params.id);
        if (!event) throw notFound('Event', params.id);
        res.json(event);
      },
    });

    defineRoute(router, registry, {
      method: 'patch',
      path: '/api/events/{id}',
      summary: 'Mark an event reviewed and/or set its notes',
      tag: TAG,
      params: eventParams,
      body: updateEventBody,
      responses: { 200: { description: 'The updated event', schema: eventSchema } },
      async handler({ params, body }, req, res) {
        await new EventReviewService(prisma, auditFor(req, res)).review(params.id, body);
        const event = await findEvent(sql, params.id);
        if (!event) throw notFound('Event', params.id);
        res.json(event);
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/events/{id}/detections',
      summary: "The event's detections, oldest first",
      tag: TAG,
      params: eventParams,
      query: paginationQuery.omit({ cursor: true }),
      responses: { 200: { description: 'A page of detections', schema: detectionPageSchema } },
      async handler({ params, query }, _req, res) {
        const event = await prisma.event.findUnique({ where: { id: params.id }, select: { id: true } });
        if (!event) throw notFound('Event', params.id);
        const { items, total } = await detectionsOfEvent(prisma, params.id, query);
        res.json(offsetPage(items, total, query));
      },
    });
  },
};
