import { readHeartbeats } from '@secpipe/core';
import { z } from 'zod';
import { jsonResponse as json, redisUnavailableResponse } from '../http/responseDocs';
import { orRedisUnavailable } from '../system/redisUnavailable';
import { GPU_HISTORY_WINDOW_MS, gpuHistoryFor } from '../ws/gpuHistory';
import type { RouteModule } from './routeModule';

const figure = (description: string) => z.number().nullable().openapi({ description: `${description}; null where the detector does not report it` });
const gpuBody = z.object({
  provider: z.string().nullable().openapi({ description: 'Execution provider the detector runs on (cpu, cuda, ...); null without a detector heartbeat' }),
  utilization: figure('GPU utilisation, percent'),
  memory_used: figure('GPU memory in use, MiB'),
  memory_total: figure('GPU memory, MiB'),
  temperature: figure('GPU temperature, degrees Celsius'),
  inference_fps: figure('Images detected per second'),
  timestamp: z.string(),
});
const historyBody = z.object({ samples: z.array(gpuBody), window_seconds: z.number().int() });

/** GPU figures from the detector's heartbeat (the same as /ws/system), and their last hour. */
export const gpuRoutes: RouteModule = {
  name: 'gpu',
  register(router, registry, deps) {
    registry.registerPath({ method: 'get', path: '/api/system/gpu', tags: ['system'], summary: 'GPU figures reported by the detector', responses: { 200: json(gpuBody, 'current figures'), 503: redisUnavailableResponse() } });
    router.get('/api/system/gpu', async (_req, res) => {
      const { detector } = await orRedisUnavailable(readHeartbeats(deps.redis, deps.config.QUEUE_PREFIX, ['detector']), 'GPU status');
      const figures = gpuHistoryFor(deps).peek(detector);
      res.json({ provider: null, utilization: null, memory_used: null, memory_total: null, temperature: null, inference_fps: null, ...figures, timestamp: deps.now().toISOString() });
    });

    registry.registerPath({ method: 'get', path: '/api/system/gpu/history', tags: ['system'], summary: 'GPU figures sampled over the last hour (kept in memory)', responses: { 200: json(historyBody, 'samples, oldest first') } });
    router.get('/api/system/gpu/history', (_req, res) => {
      res.json({ samples: gpuHistoryFor(deps).list(), window_seconds: GPU_HISTORY_WINDOW_MS / 1000 });
    });
  },
};
