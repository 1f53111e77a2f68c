import { Queue, type Job } from 'bullmq';
import { useIntegrationContext, waitFor, detectionJobPayload } from '@secpipe/testing';
import {
  countDeadLetters,
  createLogger,
  createQueueWorker,
  listDeadLetters,
  openQueue,
  PayloadValidationError,
  PermanentError,
  QueueProducer,
  queueCatalog,
  requeueOldestDeadLetter,
  TransientError,
} from '../src';

const logger = createLogger({ service: 'test', level: 'silent' });


describe('queue catalog on real Redis', () => {
  const ctx = useIntegrationContext('queues', { database: false });
  let producer: QueueProducer<typeof queueCatalog.detection.schema>;
  let queue: Queue;

  beforeAll(() => {
    producer = QueueProducer.open(queueCatalog.detection, { connection: ctx.connection, prefix: ctx.prefix });
    queue = producer.queue;
    ctx.onClose(() => producer.close());
  });

  afterEach(async () => {
    await queue.obliterate({ force: true });
  });

  it('rejects a malformed payload at add, before anything reaches Redis', async () => {
    const bad = { ...detectionJobPayload(1), file_hash: 'not-a-hash' };
    await expect(producer.enqueue(bad)).rejects.toBeInstanceOf(PayloadValidationError);
    await expect(queue.getJobCountByTypes('waiting', 'delayed', 'active')).resolves.toBe(0);
  });

  it('adds the same payload twice as one job with the deterministic id', async () => {
    const payload = detectionJobPayload(2);
    const first = await producer.enqueue(payload);
    const second = await producer.enqueue({ ...payload, received_at: '2026-11-25T10:00:09.000Z' });
    expect(first).toBe(second);
    expect(first).toBe(`det-front_door-${payload.file_hash}`);
    await expect(queue.getWaitingCount()).resolves.toBe(1);
  });

  it('processes, not dead-letters, a job from a newer producer with an extra optional field', async () => {
    // A newer deploy's producer, already running during a rolling update, adds a field this
    // consumer does not know yet.
    const newer = openQueue(queueCatalog.detection, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => newer.close());
    const payload = { ...detectionJobPayload(3), scene_hint: 'night', lens: { fov: 110 } };
    await newer.add('detection', payload, { jobId: queueCatalog.detection.jobId(payload) });
    const seen: unknown[] = [];
    const worker = createQueueWorker(queueCatalog.detection, async (p) => void seen.push(p), { connection: ctx.connection, prefix: ctx.prefix, logger });
    ctx.onClose(() => worker.close());

    const completed = await new Promise<Job>((resolve) => worker.on('completed', (job) => resolve(job)));
    await worker.close();
    expect(completed.id).toBe(`det-front_door-${payload.file_hash}`);
    expect(seen).toEqual([detectionJobPayload(3)]);
    expect(await countDeadLetters(queue)).toBe(0);
  });

  it('fails a malformed payload at consume at once, without retry, into the dead-letter view', async () => {
    // A producer that bypassed validation (an old deploy, a hand-written script).
    const raw = openQueue(queueCatalog.detection, { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => raw.close());
    await raw.add('detection', { camera_id: 'x', nonsense: true }, { jobId: 'raw-1', attempts: 5 });
    const handler = jest.fn();
    const worker = createQueueWorker(queueCatalog.detection, handler, { connection: ctx.connection, prefix: ctx.prefix, logger });
    ctx.onClose(() => worker.close());

    const failed = await new Promise<Job>((resolve) => worker.on('failed', (job) => job && resolve(job)));
    await worker.close();
    expect(handler).not.toHaveBeenCalled();
    expect(failed.attemptsMade).toBe(1);
    const [letter] = await listDeadLetters(queueCatalog.detection, queue);
    expect(letter).toMatchObject({
      job_id: 'raw-1',
      queue_name: 'detection_queue',
      original_job: { camera_id: 'x', nonsense: true },
      error_type: 'malformed_payload',
      attempt_count: 1,
    });
    expect(letter.error).toMatch(/malformed detection payload/);
  });

  it('retries a failing job with growing delays, then keeps it with payload, error and stack', async () => {
    const attempts: number[] = [];
    const worker = createQueueWorker(
      queueCatalog.detection,
      async () => {
        attempts.push(Date.now());
        throw new TransientError('model server unavailable');
      },
      { connection: ctx.connection, prefix: ctx.prefix, logger },
    );
    ctx.onClose(() => worker.close());
    const payload = detectionJobPayload(3);
    await producer.enqueue(payload, { attempts: 4, backoff: { type: 'exponential', delay: 100, jitter: 0.5 } });

    await waitFor(async () => (await countDeadLetters(queue)) === 1, { what: 'the dead letter', timeoutMs: 15_000 });
    await worker.close();

    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
    // Exponential with 50% jitter: [50,100], [100,200], [200,400] ms (+ scheduling slack).
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeGreaterThan(gaps[0]);

    const [letter] = await listDeadLetters(queueCatalog.detection, queue);
    expect(letter.original_job).toEqual(payload);
    expect(letter.attempt_count).toBe(4);
    expect(letter.error).toBe('model server unavailable');
    expect(letter.error_type).toBe('TransientError');
    expect(letter.stack_trace).toMatch(/TransientError: model server unavailable/);
    expect(Date.parse(letter.last_failed_at!)).toBeGreaterThan(Date.parse(letter.first_failed_at!));
  });

  it('does not retry a permanent failure', async () => {
    const handler = jest.fn(async () => {
      throw new PermanentError('file is not an image', 'corrupt');
    });
    const worker = createQueueWorker(queueCatalog.detection, handler, { connection: ctx.connection, prefix: ctx.prefix, logger });
    ctx.onClose(() => worker.close());
    await producer.enqueue(detectionJobPayload(4));
    await waitFor(async () => (await countDeadLetters(queue)) === 1, { what: 'the dead letter' });
    await worker.close();
    expect(handler).toHaveBeenCalledTimes(1);
    const [letter] = await listDeadLetters(queueCatalog.detection, queue);
    expect(letter).toMatchObject({ error_type: 'corrupt', attempt_count: 1, error: 'file is not an image' });
  });

  it('requeues the oldest dead letter exactly once under concurrent requests', async () => {
    const worker = createQueueWorker(
      queueCatalog.detection,
      async () => {
        throw new PermanentError('broken', 'corrupt');
      },
      { connection: ctx.connection, prefix: ctx.prefix, logger },
    );
    ctx.onClose(() => worker.close());
    await producer.enqueue(detectionJobPayload(5));
    await waitFor(async () => (await countDeadLetters(queue)) === 1, { what: 'the dead letter' });
    await worker.close();

    const results = await Promise.all(Array.from({ length: 5 }, () => requeueOldestDeadLetter(queue)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await expect(countDeadLetters(queue)).resolves.toBe(0);
    await expect(queue.getWaitingCount()).resolves.toBe(1);
    const [job] = await queue.getWaiting();
    expect(job.data).toEqual(detectionJobPayload(5));
  });
});
