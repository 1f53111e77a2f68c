import { z } from 'zod';
import { jsonResponse } from '../http/responseDocs';
import type { RouteModule } from './routeModule';

const aliveBody = z.object({ status: z.literal('alive') });
const readyBody = z.object({ ready: z.boolean(), checks: z.object({ database: z.boolean() }) });

/** `/health`: the process is alive (no dependencies). `/ready`: PostgreSQL answers. */
export const livenessRoutes: RouteModule = {
  name: 'liveness',
  register(router, registry, deps) {
    registry.registerPath({ method: 'get', path: '/health', summary: 'Liveness', responses: { 200: jsonResponse(aliveBody, 'alive') } });
    router.get('/health', (_req, res) => {
      res.json({ status: 'alive' });
    });
    registry.registerPath({ method: 'get', path: '/ready', summary: 'Readiness', responses: { 200: jsonResponse(readyBody, 'ready'), 503: jsonResponse(readyBody, 'not ready') } });
    router.get('/ready', async (_req, res) => {
      const database = await deps.prisma.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      );
      res.status(database ? 200 : 503).json({ ready: database, checks: { database } });
    });
  },
};
