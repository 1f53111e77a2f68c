import { countDeadLetters, entryForDlqName, listDeadLetters, QUEUE_NAMES, queueCatalog, type QueueName } from '@secpipe/core';
import type { Queue } from 'bullmq';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { jsonResponse, redisUnavailableResponse, validationErrorResponse } from '../http/responseDocs';
import { parseRequestPart } from '../http/validate';
import { auditFor } from '../security/auditActor';
import { DeadLetterService } from '../services/deadLetterService';
import { orRedisUnavailable } from '../system/redisUnavailable';
import type { RouteModule } from './routeModule';

const DLQ_NAMES = Object.values(queueCatalog).map((entry) => entry.dlqName) as [string, ...string[]];

/** `dlq:detection_queue` as in the contract; the bare `detection_queue` is accepted too. */
const queueNameParams = z.object({
  queue_name: z
    .string()
    .transform((value) => value.replace(/^dlq:/, ''))
    .pipe(z.enum(DLQ_NAMES, { message: `must be one of ${DLQ_NAMES.map((name) => `dlq:${name}`).join(', ')}` })),
});
const queueNameDoc = z.object({ queue_name: z.enum(DLQ_NAMES.map((name) => `dlq:${name}`) as [string, ...string[]]) });

const jobsQuery = z.object({
  start: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

const deadLetterItem = z.object({
  original_job: z.unknown(),
  error: z.string(),
  error_type: z.string(),
  attempt_count: z.number().int(),
  first_failed_at: z.string().nullable(),
  last_failed_at: z.string().nullable(),
  queue_name: z.string(),
  stack_trace: z.string().nullable(),
});
const statsBody = z.object({
  detection_queue_count: z.number().int(),
  enrichment_queue_count: z.number().int(),
  analysis_queue_count: z.number().int(),
  notification_queue_count: z.number().int(),
  scene_check_queue_count: z.number().int(),
  scene_alert_queue_count: z.number().int(),
  total_count: z.number().int(),
});
const jobsBody = z.object({
  queue_name: z.string(),
  items: z.array(deadLetterItem),
  pagination: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), next_cursor: z.null(), has_more: z.boolean() }),
});
const requeueBody = z.object({ success: z.boolean(), message: z.string(), job: z.unknown().nullable() });
const resultBody = z.object({ success: z.boolean(), message: z.string() });

function queueFor(deps: ApiDeps, dlqName: string): Queue {
  const entry = entryForDlqName(dlqName);
  return deps.queues[entry!.name as QueueName];
}

function deadLetters(deps: ApiDeps, req: Request, res: Response): DeadLetterService {
  return new DeadLetterService(deps.queues, deps.prisma, auditFor(req, res), orRedisUnavailable);
}

function document(registry: Parameters<RouteModule['register']>[1], method: 'get' | 'post' | 'delete', path: string, summary: string, body: z.ZodType, params = true): void {
  registry.registerPath({
    method,
    path,
    summary,
    tags: ['dead letters'],
    request: params ? { params: queueNameDoc, ...(path.includes('/jobs/') ? { query: jobsQuery } : {}) } : undefined,
    responses: {
      200: jsonResponse(body, summary),
      ...(params ? { 422: validationErrorResponse('Unknown queue name or bad paging') } : {}),
      503: redisUnavailableResponse(),
    },
  });
}

/**
 * Dead letters are the queues' own BullMQ failed sets (payload, error, stack, attempts kept by
 * the worker policy): listed, requeued with BullMQ's atomic retry, or cleared. No second store.
 */
export const dlqRoutes: RouteModule = {
  name: 'dlq',
  register(router, registry, deps) {
    document(registry, 'get', '/api/dlq/stats', 'Dead-letter counts per queue', statsBody, false);
    router.get('/api/dlq/stats', async (_req, res) => {
      const counts = await orRedisUnavailable(Promise.all(QUEUE_NAMES.map((name) => countDeadLetters(deps.queues[name]))), 'The dead-letter view');
      const body: Record<string, number> = {};
      QUEUE_NAMES.forEach((name, i) => (body[`${queueCatalog[name].dlqName}_count`] = counts[i]));
      res.json({ ...body, total_count: counts.reduce((sum, count) => sum + count, 0) });
    });

    document(registry, 'get', '/api/dlq/jobs/{queue_name}', 'Dead letters of one queue, oldest first', jobsBody);
    router.get('/api/dlq/jobs/:queue_name', async (req, res) => {
      const { queue_name } = parseRequestPart(queueNameParams, req.params, 'params');
      const { start, limit } = parseRequestPart(jobsQuery, req.query, 'query');
      const entry = entryForDlqName(queue_name)!;
      const queue = queueFor(deps, queue_name);
      const [total, letters] = await orRedisUnavailable(Promise.all([countDeadLetters(queue), listDeadLetters(entry, queue, start, limit)]), 'The dead-letter view');
      res.json({
        queue_name: `dlq:${queue_name}`,
        items: letters.map(({ job_id: _jobId, ...letter }) => letter),
        pagination: { total, limit, offset: start, next_cursor: null, has_more: start + letters.length < total },
      });
    });

    document(registry, 'post', '/api/dlq/requeue/{queue_name}', 'Requeue the oldest dead letter', requeueBody);
    router.post('/api/dlq/requeue/:queue_name', async (req, res) => {
      const { queue_name } = parseRequestPart(queueNameParams, req.params, 'params');
      const job = await deadLetters(deps, req, res).requeueOldest(queue_name);
      if (!job) {
        res.json({ success: false, message: 'No jobs to requeue', job: null });
        return;
      }
      deps.logger.info({ queue: queue_name, job_id: job.id }, 'dead letter requeued');
      res.json({ success: true, message: `Requeued job ${job.id} from dlq:${queue_name} to ${queue_name}`, job: job.data });
    });

    document(registry, 'post', '/api/dlq/requeue-all/{queue_name}', 'Requeue every dead letter of one queue', resultBody.extend({ requeued_count: z.number().int() }));
    router.post('/api/dlq/requeue-all/:queue_name', async (req, res) => {
      const { queue_name } = parseRequestPart(queueNameParams, req.params, 'params');
      const requeued = await deadLetters(deps, req, res).requeueAll(queue_name);
      if (requeued === 0) {
        res.json({ success: false, message: 'No jobs to requeue', requeued_count: 0 });
        return;
      }
      deps.logger.info({ queue: queue_name, count: requeued }, 'dead letters requeued');
      res.json({ success: true, message: `Requeued ${requeued} jobs from dlq:${queue_name} to ${queue_name}`, requeued_count: requeued });
    });

    document(registry, 'delete', '/api/dlq/{queue_name}', 'Delete every dead letter of one queue', resultBody.extend({ cleared_count: z.number().int() }));
    router.delete('/api/dlq/:queue_name', async (req, res) => {
      const { queue_name } = parseRequestPart(queueNameParams, req.params, 'params');
      const cleared = await deadLetters(deps, req, res).clear(queue_name);
      deps.logger.info({ queue: queue_name, count: cleared }, 'dead letters cleared');
      res.json({ success: true, message: `Cleared ${cleared} jobs from dlq:${queue_name}`, cleared_count: cleared });
    });
  },
};
