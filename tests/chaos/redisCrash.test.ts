import { Queue, QueueEvents, Worker } from 'bullmq';
import { ownRedis, uniquePrefix, waitFor, type OwnRedis } from '@secpipe/testing';

// Redis killed outright (SIGKILL: no shutdown, no goodbye to clients) under an attached BullMQ
// worker, then started again on the same port, empty (no persistence, as in production). The
// worker must reconnect by itself and process work added after the restart: a worker that stays
// attached to a dead connection would leave the pipeline silently stopped.
describe('chaos: Redis crashes under an attached BullMQ worker', () => {
  let redis: OwnRedis;
  const prefix = uniquePrefix('chaos-redis');
  const queueName = 'chaos_probe';

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('reconnects after a SIGKILL and restart, and processes a job added afterwards', async () => {
    const connection = { url: redis.url, maxRetriesPerRequest: null, retryStrategy: () => 100 };
    const processed: string[] = [];
    const worker = new Worker(queueName, async (job) => void processed.push(String(job.data.label)), { connection, prefix });
    const errors: Error[] = [];
    worker.on('error', (error) => errors.push(error));
    const queue = new Queue(queueName, { connection, prefix });
    queue.on('error', () => undefined);
    try {
      await worker.waitUntilReady();
      await queue.add('probe', { label: 'before' });
      await waitFor(() => processed.includes('before'), { what: 'the job before the crash' });

      await redis.stop('SIGKILL');
      await waitFor(() => errors.length > 0, { what: 'the worker to notice the crash' });
      await redis.start();

      const events = new QueueEvents(queueName, { connection, prefix });
      await events.waitUntilReady();
      const job = await queue.add('probe', { label: 'after' });
      await job.waitUntilFinished(events, 15_000);
      await events.close();
      expect(processed).toEqual(['before', 'after']);
    } finally {
      await queue.close();
      await worker.close();
    }
  });
});
