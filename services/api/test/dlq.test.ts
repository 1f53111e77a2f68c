import type { DetectionJob } from '@secpipe/core';
import { deadLetterDetections, detectionPayload } from './deadLetters';
import { request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

describe('dead-letter routes', () => {
  const ctx = useIntegrationContext('api-dlq');
  let built: ReturnType<typeof buildTestApp>;

  beforeAll(() => {
    built = buildTestApp(ctx);
  });

  /** Dead-letters the payloads through the real worker policy. */
  async function deadLetter(payloads: DetectionJob[]): Promise<void> {
    const queue = built.deps.queues.detection;
    const before = await queue.getFailedCount();
    await deadLetterDetections(ctx, queue, payloads);
    expect(await queue.getFailedCount()).toBe(before + payloads.length);
  }

  async function emptyQueue(): Promise<void> {
    await built.deps.queues.detection.obliterate({ force: true });
  }

  it('counts dead letters per queue', async () => {
    await deadLetter([detectionPayload(1), detectionPayload(2)]);
    const res = await request(built.app).get('/api/dlq/stats').expect(200);
    expect(res.body).toEqual({ detection_queue_count: 2, enrichment_queue_count: 0, analysis_queue_count: 0, notification_queue_count: 0, scene_check_queue_count: 0, scene_alert_queue_count: 0, total_count: 2 });
    await emptyQueue();
  });

  it('lists dead letters oldest first with payload, error and attempts, paged by start and limit', async () => {
    const payloads = [detectionPayload(1), detectionPayload(2), detectionPayload(3)];
    await deadLetter(payloads);
    const res = await request(built.app).get('/api/dlq/jobs/dlq:detection_queue').expect(200);
    expect(res.body.queue_name).toBe('dlq:detection_queue');
    expect(res.body.items.map((item: { original_job: DetectionJob }) => item.original_job)).toEqual(payloads);
    expect(res.body.items[0]).toEqual({
      original_job: payloads[0],
      error: 'file is not an image',
      error_type: 'not_an_image',
      attempt_count: 1,
      first_failed_at: expect.any(String),
      last_failed_at: expect.any(String),
      queue_name: 'detection_queue',
      stack_trace: expect.stringContaining('file is not an image'),
    });
    expect(res.body.pagination).toEqual({ total: 3, limit: 50, offset: 0, next_cursor: null, has_more: false });
    const page = await request(built.app).get('/api/dlq/jobs/detection_queue?start=1&limit=1').expect(200);
    expect(page.body.items.map((item: { original_job: DetectionJob }) => item.original_job)).toEqual([payloads[1]]);
    expect(page.body.pagination).toMatchObject({ total: 3, limit: 1, offset: 1, has_more: true });
    await emptyQueue();
  });

  it('rejects unknown queue names and bad paging with 422', async () => {
    const res = await request(built.app).get('/api/dlq/jobs/dlq:nonsense_queue').expect(422);
    expect(res.body.error.code).toBe('validation_error');
    await request(built.app).post('/api/dlq/requeue/detection').expect(422);
    await request(built.app).delete('/api/dlq/dlq:whatever').expect(422);
    await request(built.app).get('/api/dlq/jobs/dlq:detection_queue?limit=0').expect(422);
    await request(built.app).get('/api/dlq/jobs/dlq:detection_queue?start=-1').expect(422);
  });

  it('requeues the oldest dead letter back onto its queue', async () => {
    const payloads = [detectionPayload(1), detectionPayload(2)];
    await deadLetter(payloads);
    const res = await request(built.app).post('/api/dlq/requeue/dlq:detection_queue').expect(200);
    expect(res.body).toEqual({ success: true, message: expect.stringContaining('detection_queue'), job: payloads[0] });
    const queue = built.deps.queues.detection;
    expect(await queue.getFailedCount()).toBe(1);
    const [waiting] = await queue.getWaiting();
    expect(waiting.data).toEqual(payloads[0]);
    expect(waiting.attemptsMade).toBe(0);
    await emptyQueue();
  });

  it('moves one job exactly once when five requeue requests race', async () => {
    await deadLetter([detectionPayload(1)]);
    const responses = await Promise.all(Array.from({ length: 5 }, () => request(built.app).post('/api/dlq/requeue/dlq:detection_queue').expect(200)));
    const successes = responses.filter((res) => res.body.success === true);
    expect(successes).toHaveLength(1);
    for (const res of responses.filter((r) => r.body.success === false)) expect(res.body).toEqual({ success: false, message: 'No jobs to requeue', job: null });
    const queue = built.deps.queues.detection;
    expect(await queue.getFailedCount()).toBe(0);
    expect(await queue.getWaitingCount()).toBe(1);
    await emptyQueue();
  });

  it('says there is nothing to requeue when the dead-letter set is empty', async () => {
    const res = await request(built.app).post('/api/dlq/requeue/dlq:enrichment_queue').expect(200);
    expect(res.body).toEqual({ success: false, message: 'No jobs to requeue', job: null });
    const all = await request(built.app).post('/api/dlq/requeue-all/dlq:enrichment_queue').expect(200);
    expect(all.body).toMatchObject({ success: false, message: 'No jobs to requeue' });
  });

  it('requeues all dead letters of a queue', async () => {
    await deadLetter([detectionPayload(1), detectionPayload(2), detectionPayload(3)]);
    const res = await request(built.app).post('/api/dlq/requeue-all/dlq:detection_queue').expect(200);
    expect(res.body).toEqual({ success: true, message: expect.stringContaining('3'), requeued_count: 3 });
    expect(await built.deps.queues.detection.getFailedCount()).toBe(0);
    expect(await built.deps.queues.detection.getWaitingCount()).toBe(3);
    await emptyQueue();
  });

  it('clears the dead letters of a queue', async () => {
    await deadLetter([detectionPayload(1), detectionPayload(2)]);
    const res = await request(built.app).delete('/api/dlq/dlq:detection_queue').expect(200);
    expect(res.body).toEqual({ success: true, message: expect.stringContaining('2'), cleared_count: 2 });
    expect(await built.deps.queues.detection.getFailedCount()).toBe(0);
    const stats = await request(built.app).get('/api/dlq/stats').expect(200);
    expect(stats.body.total_count).toBe(0);
  });
});
