import { z } from 'zod';
import { AlertService, MessagePublisher, type AlertAnnouncer } from '@secpipe/core';
import { offsetPage } from '../http/pageResponse';
import { defineRoute } from '../http/route';
import { auditFor } from '../security/auditActor';
import { alertListQuery, alertPageSchema, alertSchema, toAlertJson } from '../schemas/alerts';
import { uuidId } from '../schemas/common';
import type { RouteModule } from './routeModule';

const TAG = 'Alerts';
const alertParams = z.object({ id: uuidId() });

/** `/api/alerts`: the alert history, acknowledge and dismiss. */
export const alertRoutes: RouteModule = {
  name: 'alerts',
  register(router, registry, { prisma, redis, config }) {
    // Acknowledge and dismiss are announced live (alert_acknowledged / alert_dismissed).
    const publisher = new MessagePublisher(redis, config.QUEUE_PREFIX, config.WS_REPLAY_SIZE);
    const announcer: AlertAnnouncer = { announce: (type, data) => publisher.publish(type, data) };
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/alerts',
      summary: 'List alerts, newest first',
      tag: TAG,
      query: alertListQuery,
      responses: { 200: { description: 'A page of alerts', schema: alertPageSchema } },
      async handler({ query }, _req, res) {
        const where = { ...(query.status ? { status: query.status } : {}), ...(query.severity ? { severity: query.severity } : {}) };
        const [rows, total] = await Promise.all([
          prisma.alert.findMany({ where, orderBy: [{ created_at: 'desc' }, { id: 'desc' }], take: query.limit, skip: query.offset }),
          prisma.alert.count({ where }),
        ]);
        res.json(offsetPage(rows.map(toAlertJson), total, query));
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/alerts/{id}/acknowledge',
      summary: 'Acknowledge an alert',
      tag: TAG,
      params: alertParams,
      responses: { 200: { description: 'The acknowledged alert', schema: alertSchema }, 409: { description: 'The alert was dismissed' } },
      async handler({ params }, req, res) {
        res.json(toAlertJson(await new AlertService(prisma, auditFor(req, res), announcer).acknowledge(params.id)));
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/alerts/{id}/dismiss',
      summary: 'Dismiss an alert',
      tag: TAG,
      params: alertParams,
      responses: { 200: { description: 'The dismissed alert', schema: alertSchema } },
      async handler({ params }, req, res) {
        res.json(toAlertJson(await new AlertService(prisma, auditFor(req, res), announcer).dismiss(params.id)));
      },
    });
  },
};
