import { createHash } from 'node:crypto';
import { createLogger, createQueueWorker, PermanentError, QueueProducer, queueCatalog, type DetectionJob } from '@secpipe/core';
import type { IntegrationContext } from '@secpipe/testing';
import type { Queue } from 'bullmq';

/** A detection job with a unique file hash, so BullMQ never deduplicates two of them. */
export function detectionPayload(n: number): DetectionJob {
  return {
    v: 1,
    camera_id: 'front_door',
    file_path: `/data/cameras/front_door/snap_${n}.jpg`,
    file_hash: createHash('sha256').update(`dlq-${n}-${Math.random()}`).digest('hex'),
    media_type: 'image',
    captured_at: '2026-11-20T12:00:00.000Z',
    received_at: '2026-11-20T12:00:01.000Z',
    correlation_id: `corr-${n}`,
  };
}

/**
 * Enqueues the payloads on the detection queue and runs the real worker policy over them: each
 * fails permanently and lands in the queue's failed set, the dead letters the API serves.
 */
export async function deadLetterDetections(ctx: IntegrationContext, queue: Queue, payloads: DetectionJob[]): Promise<void> {
  const worker = createQueueWorker(
    queueCatalog.detection,
    async () => {
      throw new PermanentError('file is not an image', 'not_an_image');
    },
    { connection: ctx.connection, prefix: ctx.prefix, logger: createLogger({ service: 'test', level: 'silent' }) },
  );
  const failedAll = new Promise<void>((resolve) => {
    let failed = 0;
    worker.on('failed', () => {
      failed += 1;
      if (failed === payloads.length) resolve();
    });
  });
  const producer = new QueueProducer(queueCatalog.detection, queue);
  for (const payload of payloads) await producer.enqueue(payload);
  await failedAll;
  await worker.close();
}
