import { registerPipelineMetrics } from '../system/pipelineMetrics';
import type { RouteModule } from './routeModule';

/** `/api/metrics`: Prometheus text for the API and the pipeline as seen from Redis. */
export const metricsRoutes: RouteModule = {
  name: 'metrics',
  register(router, registry, deps) {
    registerPipelineMetrics(deps);
    registry.registerPath({
      method: 'get',
      path: '/api/metrics',
      tags: ['system'],
      summary: 'Prometheus metrics',
      responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
    });
    router.get('/api/metrics', async (_req, res) => {
      const text = await deps.metrics.metrics();
      res.type(deps.metrics.contentType).send(text);
    });
  },
};
