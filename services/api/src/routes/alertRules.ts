import { z } from 'zod';
import { offsetPage } from '../http/pageResponse';
import { paginationQuery } from '../http/pagination';
import { notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { auditFor } from '../security/auditActor';
import { AlertRuleService } from '../services/alertRuleService';
import {
  alertRulePageSchema,
  alertRuleSchema,
  alertRuleTestResultSchema,
  createAlertRuleBody,
  testAlertRuleBody,
  toAlertRuleJson,
  updateAlertRuleBody,
} from '../schemas/alerts';
import { uuidId } from '../schemas/common';
import type { RouteModule } from './routeModule';

const TAG = 'Alert rules';
const ruleParams = z.object({ id: uuidId() });

/** `/api/alerts/rules`: CRUD, and a dry run of a rule against recent events. */
export const alertRuleRoutes: RouteModule = {
  name: 'alert-rules',
  register(router, registry, { prisma }) {
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/alerts/rules',
      summary: 'List alert rules',
      tag: TAG,
      query: paginationQuery.omit({ cursor: true }),
      responses: { 200: { description: 'A page of rules', schema: alertRulePageSchema } },
      async handler({ query }, _req, res) {
        const [rows, total] = await Promise.all([
          prisma.alertRule.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], take: query.limit, skip: query.offset }),
          prisma.alertRule.count(),
        ]);
        res.json(offsetPage(rows.map(toAlertRuleJson), total, query));
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/alerts/rules',
      summary: 'Create an alert rule',
      tag: TAG,
      body: createAlertRuleBody,
      responses: { 201: { description: 'Created', schema: alertRuleSchema }, 409: { description: 'Duplicate name' } },
      async handler({ body }, req, res) {
        const rule = await new AlertRuleService(prisma, auditFor(req, res)).create(body);
        res.status(201).json(toAlertRuleJson(rule));
      },
    });

    defineRoute(router, registry, {
      method: 'get',
      path: '/api/alerts/rules/{id}',
      summary: 'Get an alert rule',
      tag: TAG,
      params: ruleParams,
      responses: { 200: { description: 'The rule', schema: alertRuleSchema } },
      async handler({ params }, _req, res) {
        const rule = await prisma.alertRule.findUnique({ where: { id: params.id } });
        if (!rule) throw notFound('Alert rule', params.id);
        res.json(toAlertRuleJson(rule));
      },
    });

    defineRoute(router, registry, {
      method: 'put',
      path: '/api/alerts/rules/{id}',
      summary: 'Update an alert rule (any subset of its fields)',
      tag: TAG,
      params: ruleParams,
      body: updateAlertRuleBody,
      responses: { 200: { description: 'The updated rule', schema: alertRuleSchema }, 409: { description: 'Duplicate name' } },
      async handler({ params, body }, req, res) {
        const rule = await new AlertRuleService(prisma, auditFor(req, res)).update(params.id, body);
        res.json(toAlertRuleJson(rule));
      },
    });

    defineRoute(router, registry, {
      method: 'delete',
      path: '/api/alerts/rules/{id}',
      summary: 'Delete an alert rule (its alerts stay, without the rule)',
      tag: TAG,
      params: ruleParams,
      responses: { 204: { description: 'Deleted' } },
      async handler({ params }, req, res) {
        await new AlertRuleService(prisma, auditFor(req, res)).remove(params.id);
        res.status(204).end();
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/alerts/rules/{id}/test',
      summary: 'Evaluate a rule against recent events (or given ones) without raising alerts',
      tag: TAG,
      params: ruleParams,
      body: testAlertRuleBody,
      bodyRequired: false,
      responses: { 200: { description: 'Which events the rule would match', schema: alertRuleTestResultSchema } },
      async handler({ params, body }, req, res) {
        res.json(await new AlertRuleService(prisma, auditFor(req, res)).test(params.id, body));
      },
    });
  },
};
