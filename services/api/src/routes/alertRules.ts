import { z } from 'zod';
import { evaluateRule, loadEventFacts, type RuleSchedule } from '@secpipe/core';
import { offsetPage } from '../http/pageResponse';
import { paginationQuery } from '../http/pagination';
import { conflict, notFound } from '../http/problem';
import { defineRoute } from '../http/route';
import { isRecordMissing, isUniqueViolation } from '../repositories/prismaErrors';
import {
  alertRulePageSchema,
  alertRuleSchema,
  alertRuleTestResultSchema,
  createAlertRuleBody,
  testAlertRuleBody,
  toAlertRuleJson,
  updateAlertRuleBody,
  type AlertRuleTestResult,
} from '../schemas/alerts';
import { uuidId } from '../schemas/common';
import type { RouteModule } from './routeModule';

const TAG = 'Alert rules';
const ruleParams = z.object({ id: uuidId() });
const DUPLICATE = 'An alert rule with this name already exists';

/** Prisma wants an explicit JSON null for a nullable Json column. */
function ruleData<T extends { schedule?: RuleSchedule | null }>(body: T) {
  const { schedule, ...rest } = body;
  if (schedule === undefined) return rest;
  return { ...rest, schedule: schedule === null ? ('DbNull' as const) : schedule };
}

/** `/api/alerts/rules`: CRUD, and a dry run of a rule against recent events. */
export const alertRuleRoutes: RouteModule = {
  name: 'alert-rules',
  register(router, registry, { prisma }) {
    const withPrismaErrors = async <T>(id: string | null, work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(DUPLICATE);
        if (id && isRecordMissing(error)) throw notFound('Alert rule', id);
        throw error;
      }
    };

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
      async handler({ body }, _req, res) {
        const rule = await withPrismaErrors(null, () => prisma.alertRule.create({ data: ruleData(body) as never }));
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
      async handler({ params, body }, _req, res) {
        const rule = await withPrismaErrors(params.id, () => prisma.alertRule.update({ where: { id: params.id }, data: ruleData(body) as never }));
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
      async handler({ params }, _req, res) {
        const { count } = await prisma.alertRule.deleteMany({ where: { id: params.id } });
        if (count === 0) throw notFound('Alert rule', params.id);
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
      async handler({ params, body }, _req, res) {
        const rule = await prisma.alertRule.findUnique({ where: { id: params.id } });
        if (!rule) throw notFound('Alert rule', params.id);
        const criteria = { ...rule, schedule: (rule.schedule ?? null) as RuleSchedule | null };
        const events = await loadEventFacts(prisma, { eventIds: body.event_ids, limit: body.event_ids?.length ?? body.limit });
        const results = events.map((event) => ({
          event_id: event.id,
          camera_id: event.camera_id,
          risk_score: event.risk_score,
          started_at: event.started_at.toISOString(),
          ...evaluateRule(criteria, event),
        }));
        const matched = results.filter((result) => result.matches).map((result) => result.event_id);
        const result: AlertRuleTestResult = { rule_id: rule.id, events_tested: results.length, matched_count: matched.length, matched_event_ids: matched, results };
        res.json(result);
      },
    });
  },
};
