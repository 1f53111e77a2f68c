import { Queue, type ConnectionOptions } from 'bullmq';
import { ownRedis, uniquePrefix, waitFor, type OwnRedis, detectionJobPayload } from '@secpipe/testing';
import { createLogger, createQueueWorker, openQueue, QueueProducer, queueCatalog } from '../src';

const logger = createLogger({ service: 'test', level: 'silent' });
const JOBS = 300;


/** Enqueues JOBS detection jobs through the real producer, then SIGKILLs Redis and starts it again. */
async function enqueueThenCrash(server: OwnRedis, prefix: string): Promise<ConnectionOptions> {
  const connection = { url: server.url, maxRetriesPerRequest: null } as ConnectionOptions;
  const producer = QueueProducer.open(queueCatalog.detection, { connection, prefix });
  for (let n = 1; n <= JOBS; n += 1) await producer.enqueue(detectionJobPayload(n));
  await producer.close();
  await server.kill();
  await server.start();
  return connection;
}

async function waitingJobs(connection: ConnectionOptions, prefix: string): Promise<number> {
  const queue = openQueue(queueCatalog.detection, { connection, prefix });
  try {
    return await queue.getWaitingCount();
  } finally {
    await queue.close();
  }
}

describe('queued jobs across a Redis crash (SIGKILL, then restart on the same port and folder)', () => {
  const servers: OwnRedis[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it('with the append-only file on, every job is kept and processed exactly once', async () => {
    const server = await ownRedis();
    servers.push(server);
    await server.start();
    const prefix = uniquePrefix('durability');
    const connection = await enqueueThenCrash(server, prefix);
    expect(await waitingJobs(connection, prefix)).toBe(JOBS);

    const processed: string[] = [];
    const worker = createQueueWorker(
      queueCatalog.detection,
      async (payload) => {
        processed.push(payload.file_hash);
      },
      { connection, prefix, logger, concurrency: 8 },
    );
    const queue = new Queue(queueCatalog.detection.name, { connection, prefix });
    try {
      await waitFor(async () => (await queue.getCompletedCount()) === JOBS, { timeoutMs: 20_000, what: `${JOBS} completed jobs` });
      await worker.close();
      expect(processed).toHaveLength(JOBS);
      expect(new Set(processed).size).toBe(JOBS);
      expect(await queue.getJobCounts('waiting', 'active', 'delayed', 'failed')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('without persistence the same crash loses every queued job (what the append-only file prevents)', async () => {
    const server = await ownRedis({ durable: false });
    servers.push(server);
    await server.start();
    const prefix = uniquePrefix('no-persistence');
    const connection = await enqueueThenCrash(server, prefix);
    expect(await waitingJobs(connection, prefix)).toBe(0);
  });
});
