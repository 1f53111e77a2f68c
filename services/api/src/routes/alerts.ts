import { z } from 'zod';
import type { AlertStatus, PrismaClient } from '@secpipe/core';
import { offsetPage } from '../http/pageResponse';
import { conflict, notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { alertListQuery, alertPageSchema, alertSchema, toAlertJson } from '../schemas/alerts';
import { uuidId } from '../schemas/common';
import type { RouteModule } from './routeModule';

const TAG = 'Alerts';
const alertParams = z.object({ id: uuidId() });

/**
 * Moves an alert to `target` when its status is one of `from`. Repeating a transition that
 * already happened answers the alert as it is (idempotent); any other status is a 409.
 * The conditional update makes concurrent transitions safe without a transaction.
 */
async function transition(prisma: PrismaClient, id: string, from: AlertStatus[], target: AlertStatus) {
  const { count } = await prisma.alert.updateMany({ where: { id, status: { in: from } }, data: { status: target } });
  const alert = await prisma.alert.findUnique({ where: { id } });
  if (!alert) throw notFound('Alert', id);
  if (count === 0 && alert.status !== target) throw conflict(`Alert is ${alert.status} and cannot become ${target}`);
  return alert;
}

/** `/api/alerts`: the alert history, acknowledge and dismiss. */
export const alertRoutes: RouteModule = {
  name: 'alerts',
  register(router, registry, { prisma }) {
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
      async handler({ params }, _req, res) {
        res.json(toAlertJson(await transition(prisma, params.id, ['pending', 'delivered'], 'acknowledged')));
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/alerts/{id}/dismiss',
      summary: 'Dismiss an alert',
      tag: TAG,
      params: alertParams,
      responses: { 200: { description: 'The dismissed alert', schema: alertSchema } },
      async handler({ params }, _req, res) {
        res.json(toAlertJson(await transition(prisma, params.id, ['pending', 'delivered', 'acknowledged'], 'dismissed')));
      },
    });
  },
};
