import type { IntegrationContext } from '@secpipe/testing';
import type { ApiDeps } from '../../src/deps';
import { deadLetterDetections, detectionPayload } from '../deadLetters';
import type { TourCall } from './tourCaller';

const DETECTION_DLQ = 'dlq:detection_queue';
const EMPTY_DLQ = 'dlq:enrichment_queue';
const UNKNOWN_DLQ = 'dlq:nonsense_queue';

/**
 * The dead-letter routes over real failed jobs: listed, requeued one and all, cleared; plus the
 * answers for an empty and an unknown queue.
 */
export async function runDlqContractTour(call: TourCall, ctx: IntegrationContext, deps: ApiDeps): Promise<void> {
  const queue = deps.queues.detection;
  await deadLetterDetections(ctx, queue, [detectionPayload(1), detectionPayload(2), detectionPayload(3)]);

  await call('get', '/api/dlq/stats', '/api/dlq/stats');
  await call('get', '/api/dlq/jobs/{queue_name}', `/api/dlq/jobs/${DETECTION_DLQ}?limit=2`);
  await call('get', '/api/dlq/jobs/{queue_name}', `/api/dlq/jobs/${EMPTY_DLQ}`);
  await call('get', '/api/dlq/jobs/{queue_name}', `/api/dlq/jobs/${DETECTION_DLQ}?limit=0`);
  await call('get', '/api/dlq/jobs/{queue_name}', `/api/dlq/jobs/${UNKNOWN_DLQ}`);

  await call('post', '/api/dlq/requeue/{queue_name}', `/api/dlq/requeue/${DETECTION_DLQ}`);
  await call('post', '/api/dlq/requeue/{queue_name}', `/api/dlq/requeue/${EMPTY_DLQ}`);
  await call('post', '/api/dlq/requeue/{queue_name}', `/api/dlq/requeue/${UNKNOWN_DLQ}`);
  await call('post', '/api/dlq/requeue-all/{queue_name}', `/api/dlq/requeue-all/${DETECTION_DLQ}`);
  await call('post', '/api/dlq/requeue-all/{queue_name}', `/api/dlq/requeue-all/${EMPTY_DLQ}`);
  await call('post', '/api/dlq/requeue-all/{queue_name}', `/api/dlq/requeue-all/${UNKNOWN_DLQ}`);

  // The requeued jobs wait on the queue; drop them so the next dead letters are the only jobs.
  await queue.obliterate({ force: true });
  await deadLetterDetections(ctx, queue, [detectionPayload(4), detectionPayload(5)]);
  await call('delete', '/api/dlq/{queue_name}', `/api/dlq/${DETECTION_DLQ}`);
  await call('delete', '/api/dlq/{queue_name}', `/api/dlq/${EMPTY_DLQ}`);
  await call('delete', '/api/dlq/{queue_name}', `/api/dlq/${UNKNOWN_DLQ}`);
}
