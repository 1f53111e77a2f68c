import { DEFAULT_RISK_THRESHOLDS, messageChannel, MessagePublisher, createStageTimingRecorder, stageTimingsKey, type RiskThresholds } from '@secpipe/core';
import { useIntegrationContext, waitFor } from '@secpipe/testing';
import type { Assessor } from '../src/assessment/assessment';
import { FallbackAssessor } from '../src/assessment/fallbackAssessor';
import { RulesAssessor } from '../src/assessment/rulesAssessor';
import { BatchRepository } from '../src/events/batchRepository';
import { createAnalysisJobHandler } from '../src/events/analysisJobHandler';
import { EventStore } from '../src/events/eventStore';
import { analyzerPool } from './support/analyzerPool';
import { berlin, personFor } from './support/batchBuilder';
import { jobContext, seedBatch } from './support/analysisFixtures';

const ctx = useIntegrationContext('analyzer-handler');
let thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS;

function handlerWith(assessor?: Assessor) {
  const rules = new RulesAssessor({ timeZone: 'Europe/Berlin', knownPlates: [], thresholds: () => thresholds });
  return createAnalysisJobHandler({
    batches: new BatchRepository(analyzerPool(ctx)),
    events: new EventStore(analyzerPool(ctx), 24),
    assessor: new FallbackAssessor(null, assessor ?? rules),
    publisher: new MessagePublisher(ctx.redis, ctx.prefix),
    timings: createStageTimingRecorder(ctx.redis, ctx.prefix),
  });
}

afterEach(() => {
  thresholds = DEFAULT_RISK_THRESHOLDS;
});

describe('analysis job -> event', () => {
  it('writes one event with its detections linked, then publishes it after the commit', async () => {
    const subscriber = ctx.redis.duplicate();
    ctx.onClose(() => subscriber.quit());
    const messages: string[] = [];
    subscriber.on('message', (_channel, message) => messages.push(message));
    await subscriber.subscribe(messageChannel(ctx.prefix, 'event'));

    const job = await seedBatch(ctx.prisma, berlin('02:00'), [...personFor(60, { zone: 'entry_point' }), { cls: 'car', t: 10, zone: 'driveway' }]);
    const outcome = await handlerWith()(job, jobContext());

    const event = await ctx.prisma.event.findUniqueOrThrow({ where: { batch_id: job.batch_id }, include: { detections: true } });
    expect(outcome).toEqual({ event_id: event.id, created: true });
    expect(event).toMatchObject({
      camera_id: 'front_door',
      detection_count: 4,
      object_types: ['person', 'car'],
      is_fast_path: false,
      analysis_source: 'rules',
      model_name: 'rules',
      prompt_version: 'rules-v1',
      close_reason: 'idle',
      thumbnail_url: `/api/detections/${job.detection_ids[0]}/thumbnail`,
      risk_level: 'high',
    });
    expect(event.started_at.toISOString()).toBe(berlin('02:00').toISOString());
    expect(event.ended_at?.toISOString()).toBe(new Date(berlin('02:00').getTime() + 60_000).toISOString());
    expect(event.detections.map((d) => d.detection_id).sort()).toEqual([...job.detection_ids].sort());

    const published = JSON.parse((await waitFor(() => messages[0], { what: 'event message' })) as string);
    expect(published).toMatchObject({ type: 'event', data: { id: event.id, event_id: event.id, batch_id: job.batch_id, risk_level: 'high' } });
    expect(await ctx.redis.llen(stageTimingsKey(ctx.prefix, 'total'))).toBe(1);
  });

  it('returns the existing event on a redelivered job without assessing again', async () => {
    const job = await seedBatch(ctx.prisma, berlin('12:00'), [{ cls: 'car', zone: 'driveway' }]);
    let calls = 0;
    const counting: Assessor = { assess: async (batch) => (calls++, new RulesAssessor({ timeZone: 'UTC', knownPlates: [], thresholds: () => thresholds }).assess(batch)) };
    const handler = handlerWith(counting);
    const [first, second] = await Promise.all([handler(job, jobContext()), handler(job, jobContext())]);
    const third = await handler(job, jobContext());
    expect(await ctx.prisma.event.count({ where: { batch_id: job.batch_id } })).toBe(1);
    const ids = [first, second, third].map((o) => ('event_id' in o ? o.event_id : null));
    expect(new Set(ids).size).toBe(1);
    expect([first, second, third].filter((o) => 'created' in o && o.created)).toHaveLength(1);
    expect(calls).toBeLessThanOrEqual(2);
  });

  it('fails the job when the event message cannot be published, after the follow-ups ran; a retry publishes it', async () => {
    const job = await seedBatch(ctx.prisma, berlin('02:00'), [{ cls: 'person', zone: 'entry_point' }]);
    const followedUp: number[] = [];
    const slowFollowUp = { name: 'slow', afterEvent: async (event: { id: number }) => { await new Promise((resolve) => setImmediate(resolve)); followedUp.push(event.id); } };
    const rules = new RulesAssessor({ timeZone: 'Europe/Berlin', knownPlates: [], thresholds: () => thresholds });
    const deps = { batches: new BatchRepository(analyzerPool(ctx)), events: new EventStore(analyzerPool(ctx), 24), assessor: rules, followUps: [slowFollowUp] };
    const down = { publish: async () => Promise.reject(new Error('redis unreachable')) };

    await expect(createAnalysisJobHandler({ ...deps, publisher: down })(job, jobContext())).rejects.toThrow('redis unreachable');
    const retried = await createAnalysisJobHandler({ ...deps, publisher: new MessagePublisher(ctx.redis, ctx.prefix) })(job, jobContext());

    const event = await ctx.prisma.event.findUniqueOrThrow({ where: { batch_id: job.batch_id } });
    expect(retried).toEqual({ event_id: event.id, created: false });
    expect(followedUp).toEqual([event.id, event.id]);
  });

  it('levels the score with the runtime thresholds', async () => {
    thresholds = { risk_low_max: 20, risk_medium_max: 30, risk_high_max: 40 };
    const job = await seedBatch(ctx.prisma, berlin('02:00'), [{ cls: 'person', zone: 'entry_point' }]);
    await handlerWith()(job, jobContext());
    const event = await ctx.prisma.event.findUniqueOrThrow({ where: { batch_id: job.batch_id } });
    expect(event.risk_score).toBe(65);
    expect(event.risk_level).toBe('critical');
  });

  it('writes "Analysis unavailable" at medium when even the rules assessor fails', async () => {
    const job = await seedBatch(ctx.prisma, berlin('10:00'), [{ cls: 'person' }]);
    const broken: Assessor = { assess: async () => Promise.reject(new Error('rules table corrupt')) };
    await handlerWith(broken)(job, jobContext());
    const event = await ctx.prisma.event.findUniqueOrThrow({ where: { batch_id: job.batch_id } });
    expect(event).toMatchObject({ risk_score: 50, risk_level: 'medium', summary: 'Analysis unavailable', analysis_source: 'fallback', analysis_error: 'rules table corrupt' });
  });

  it('skips a batch whose detections were deleted', async () => {
    const job = await seedBatch(ctx.prisma, berlin('10:00'), [{ cls: 'person' }]);
    await ctx.prisma.detection.deleteMany({ where: { id: { in: job.detection_ids } } });
    await expect(handlerWith()(job, jobContext())).resolves.toEqual({ skipped: 'detections deleted' });
    expect(await ctx.prisma.event.count({ where: { batch_id: job.batch_id } })).toBe(0);
  });

  it('clears raw LLM answers after their retention, keeping the event', async () => {
    const job = await seedBatch(ctx.prisma, berlin('10:00'), [{ cls: 'person' }]);
    const withRaw: Assessor = { assess: async (batch) => ({ ...(await new RulesAssessor({ timeZone: 'UTC', knownPlates: [], thresholds: () => thresholds }).assess(batch)), source: 'llm', raw_answer: '{"risk_score": 20}' }) };
    await handlerWith(withRaw)(job, jobContext());
    const store = new EventStore(analyzerPool(ctx), 24);
    expect(await store.expireRawAnswers(new Date(Date.now() + 23 * 3_600_000))).toBe(0);
    expect(await store.expireRawAnswers(new Date(Date.now() + 25 * 3_600_000))).toBe(1);
    const event = await ctx.prisma.event.findUniqueOrThrow({ where: { batch_id: job.batch_id } });
    expect(event.raw_llm_answer).toBeNull();
  });
});
