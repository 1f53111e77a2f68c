import { openQueue, queueCatalog, QUEUE_NAMES, type QueueEntry, type QueueName, type Redis } from '@secpipe/core';
import type { Queue } from 'bullmq';

/**
 * The catalog's queues over the API's non-blocking Redis client: the API only reads counts and
 * moves failed jobs, so it needs no blocking connection of its own.
 */
export function openApiQueues(redis: Redis, prefix: string): Record<QueueName, Queue> {
  return Object.fromEntries(QUEUE_NAMES.map((name) => [name, openQueue(queueCatalog[name] as QueueEntry, { connection: redis, prefix })])) as Record<QueueName, Queue>;
}

export async function closeApiQueues(queues: Record<QueueName, Queue>): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
