import { defineRoute } from '../http/route';
import { listAuditEntries } from '../repositories/auditRepository';
import { auditListQuery, auditPageSchema } from '../schemas/audit';
import type { RouteModule } from './routeModule';

/** `/api/audit`: who changed what, from where, and whether it worked; newest first. */
export const auditRoutes: RouteModule = {
  name: 'audit',
  register(router, registry, { sql }) {
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/audit',
      summary: 'The audit trail of changes (reviews, alert actions, rules, cameras, zones, config, dead letters)',
      tag: 'Audit',
      query: auditListQuery,
      responses: { 200: { description: 'A page of audit entries', schema: auditPageSchema } },
      async handler({ query }, _req, res) {
        res.json(await listAuditEntries(sql, query));
      },
    });
  },
};
