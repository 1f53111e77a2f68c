import { messageKeys } from '@secpipe/core';
import { deleteKeysWithPrefix, useIntegrationContext, waitFor } from '@secpipe/testing';
import type { BatchPolicy } from '../src/batching/batchPolicy';
import { AnalysisProbe, enrichmentProducer, jobContext, seedImage, startInstance, testPolicy } from './support/enrichmentHarness';

const ctx = useIntegrationContext('enrichment-batching');
let policy: BatchPolicy = testPolicy();
const currentPolicy = () => policy;
let probe: AnalysisProbe;

beforeAll(() => {
  probe = new AnalysisProbe(ctx);
});

afterEach(() => {
  policy = testPolicy();
});

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('batching on real Redis and PostgreSQL', () => {
  it('five detections then silence: one analysis job with the five ids after the idle timeout, none before', async () => {
    // Long enough that a loaded machine never closes the batch between two of the five jobs.
    policy = testPolicy({ idleMs: 3000 });
    const service = startInstance(ctx, currentPolicy);
    const producer = enrichmentProducer(ctx);
    const ids: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const job = await seedImage(ctx, 'quiet_lane', 1);
      ids.push(...job.detection_ids);
      await producer.enqueue(job);
    }
    await waitFor(async () => (await ctx.prisma.detection.count({ where: { id: { in: ids }, enrichment_data: { not: { equals: null } } } })) === 5, { what: 'five enriched' });
    const enrichedAt = Date.now();
    expect(await probe.jobs('quiet_lane')).toEqual([]);
    const [job] = await waitFor(() => probe.jobs('quiet_lane').then((jobs) => jobs.length > 0 && jobs), { what: 'analysis job' });
    expect(Date.now() - enrichedAt).toBeGreaterThanOrEqual(2000);
    expect(sorted(job.detection_ids)).toEqual(sorted(ids));
    expect(job.close_reason).toBe('idle');
    expect(job.is_fast_path).toBe(false);
    expect(job.batch_id).toMatch(/^quiet_lane_[A-Za-z0-9_-]+$/);
    const marked = await ctx.prisma.detection.findMany({ where: { id: { in: ids } }, select: { batch_id: true } });
    expect(new Set(marked.map((row) => row.batch_id))).toEqual(new Set([job.batch_id]));
    const batchMessages = await ctx.redis.zrange(messageKeys(ctx.prefix, 'detection.batch').replay, 0, -1);
    const batchMessage = batchMessages.map((m) => JSON.parse(m)).find((m) => m.type === 'detection.batch' && m.data.batch_id === job.batch_id);
    expect(batchMessage.data).toMatchObject({ camera_id: 'quiet_lane', detection_count: 5, close_reason: 'idle' });
    const newMessages = (await ctx.redis.zrange(messageKeys(ctx.prefix, 'detection.new').replay, 0, -1)).map((m) => JSON.parse(m)).filter((m) => m.type === 'detection.new').map((m) => m.data);
    const announced = newMessages.filter((m) => ids.includes(m.detection_id));
    expect(sorted(announced.map((m) => m.detection_id))).toEqual(sorted(ids));
    expect(new Set(announced.map((m) => m.batch_id))).toEqual(new Set([job.batch_id]));
    expect(announced[0]).toMatchObject({ camera_id: 'quiet_lane', label: 'car', bbox: { width: 400, height: 220 } });
    await service.stop();
    expect(await probe.jobs('quiet_lane')).toHaveLength(1);
  });

  it('continuous activity closes the batch at the window and opens a new one', async () => {
    policy = testPolicy({ windowMs: 2000, idleMs: 1500 });
    const service = startInstance(ctx, currentPolicy);
    const first: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 1700) {
      const job = await seedImage(ctx, 'busy_street', 1);
      first.push(...job.detection_ids);
      await service.parts.handler(job, jobContext());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await waitFor(() => probe.jobs('busy_street').then((jobs) => jobs.length === 1), { what: 'window close' });
    const later = await seedImage(ctx, 'busy_street', 1);
    await service.parts.handler(later, jobContext());
    const jobs = await waitFor(() => probe.jobs('busy_street').then((all) => all.length === 2 && all), { what: 'second batch' });
    const byReason = new Map(jobs.map((job) => [job.close_reason, job]));
    expect(sorted(byReason.get('timeout')!.detection_ids)).toEqual(sorted(first));
    expect(byReason.get('idle')!.detection_ids).toEqual(later.detection_ids);
    await service.stop();
  });

  it('two cameras at once make two batches, no mixing', async () => {
    policy = testPolicy({ idleMs: 500 });
    const service = startInstance(ctx, currentPolicy);
    const a = await seedImage(ctx, 'cam_north', 3);
    const b = await seedImage(ctx, 'cam_south', 2);
    await Promise.all([service.parts.handler(a, jobContext()), service.parts.handler(b, jobContext())]);
    const [north] = await waitFor(() => probe.jobs('cam_north').then((jobs) => jobs.length > 0 && jobs));
    const [south] = await waitFor(() => probe.jobs('cam_south').then((jobs) => jobs.length > 0 && jobs));
    expect(sorted(north.detection_ids)).toEqual(sorted(a.detection_ids));
    expect(sorted(south.detection_ids)).toEqual(sorted(b.detection_ids));
    expect(north.context?.cross_camera).toContainEqual({ camera_id: 'cam_south', detection_count: 2 });
    expect(north.context?.cross_camera.map((entry) => entry.camera_id)).not.toContain('cam_north');
    await service.stop();
  });

  it('a fast-path detection is analysed at once as its own batch', async () => {
    policy = testPolicy({ idleMs: 60_000 });
    const service = startInstance(ctx, currentPolicy);
    const job = await seedImage(ctx, 'front_gate', 1, { object_type: 'person', confidence: 0.95 });
    await service.parts.handler(job, jobContext());
    const [analysis] = await probe.jobs('front_gate');
    expect(analysis).toMatchObject({ batch_id: `fast_path_${job.detection_ids[0]}`, close_reason: 'fast_path', is_fast_path: true, detection_ids: job.detection_ids });
    await service.stop();
  });

  it('the same enrichment job delivered twice changes nothing', async () => {
    policy = testPolicy({ idleMs: 600 });
    const service = startInstance(ctx, currentPolicy);
    const job = await seedImage(ctx, 'twice_cam', 2);
    // The replay buffer holds every events-channel message; count this camera's detection.new ones.
    const newMessages = async () =>
      (await ctx.redis.zrange(messageKeys(ctx.prefix, 'detection.new').replay, 0, -1)).map((m) => JSON.parse(m)).filter((m) => m.type === 'detection.new' && m.data.camera_id === 'twice_cam').length;
    const before = await newMessages();
    expect(await service.parts.handler(job, jobContext())).toEqual({ enriched: 2, batched: 2 });
    const afterFirst = await newMessages();
    expect(afterFirst - before).toBe(2);
    expect(await service.parts.handler(job, jobContext())).toEqual({ enriched: 2, batched: 0 });
    expect(await newMessages()).toBe(afterFirst);
    const [analysis] = await waitFor(() => probe.jobs('twice_cam').then((jobs) => jobs.length > 0 && jobs));
    expect(sorted(analysis.detection_ids)).toEqual(sorted(job.detection_ids));
    // Delivered again after its batch closed: still no new batch.
    await service.parts.handler(job, jobContext());
    await service.parts.sweeper.sweep();
    expect(await probe.jobs('twice_cam')).toHaveLength(1);
    await service.stop();
  });

  it('two replicas racing on one camera make one batch holding every detection once', async () => {
    policy = testPolicy({ idleMs: 1500 });
    const one = startInstance(ctx, currentPolicy, { concurrency: 4 });
    const two = startInstance(ctx, currentPolicy, { concurrency: 4 });
    const jobs = [];
    for (let i = 0; i < 12; i += 1) jobs.push(await seedImage(ctx, 'race_cam', 2));
    await Promise.all(jobs.map((job, i) => (i % 2 === 0 ? one : two).parts.handler(job, jobContext())));
    // Both replicas handle the same jobs again (redelivery racing the first delivery).
    await Promise.all(jobs.map((job, i) => (i % 2 === 0 ? two : one).parts.handler(job, jobContext())));
    const [analysis] = await waitFor(() => probe.jobs('race_cam').then((all) => all.length > 0 && all), { what: 'race batch' });
    const expected = sorted(jobs.flatMap((job) => job.detection_ids));
    expect(sorted(analysis.detection_ids)).toEqual(expected);
    await Promise.all([one.parts.sweeper.sweep(), two.parts.sweeper.sweep()]);
    expect(await probe.jobs('race_cam')).toHaveLength(1);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('an open batch left by a stopped replica still closes once on its successor', async () => {
    policy = testPolicy({ idleMs: 3000 });
    const crashed = startInstance(ctx, currentPolicy);
    const job = await seedImage(ctx, 'crash_cam', 3);
    await crashed.parts.handler(job, jobContext());
    await crashed.stop();
    expect(await probe.jobs('crash_cam')).toEqual([]);
    const successor = startInstance(ctx, currentPolicy);
    const [analysis] = await waitFor(() => probe.jobs('crash_cam').then((all) => all.length > 0 && all), { what: 'successor closes' });
    expect(sorted(analysis.detection_ids)).toEqual(sorted(job.detection_ids));
    await successor.parts.sweeper.sweep();
    expect(await probe.jobs('crash_cam')).toHaveLength(1);
    await successor.stop();
  });

  it('a batch reaching the maximum closes at once', async () => {
    policy = testPolicy({ maxDetections: 3, idleMs: 60_000 });
    const service = startInstance(ctx, currentPolicy);
    const job = await seedImage(ctx, 'crowd_cam', 4);
    await service.parts.handler(job, jobContext());
    const [full] = await probe.jobs('crowd_cam');
    expect(full).toMatchObject({ close_reason: 'max_size', detection_ids: job.detection_ids.slice(0, 3) });
    await service.stop();
  });

  it('detections Redis forgot are found in PostgreSQL and batched once', async () => {
    policy = testPolicy({ idleMs: 60_000, windowMs: 120_000 });
    const service = startInstance(ctx, currentPolicy);
    const job = await seedImage(ctx, 'amnesia_cam', 2);
    await service.parts.handler(job, jobContext());
    // Redis loses the batch state (no persistence, restart).
    expect(await deleteKeysWithPrefix(ctx.redis, `${ctx.prefix}:batching:`)).toBeGreaterThan(0);
    policy = testPolicy({ idleMs: 1, windowMs: 1 });
    await waitFor(async () => (await service.parts.recovery.scan()) === 2 || (await probe.jobs('amnesia_cam')).length > 0, { what: 'recovery' });
    const [recovered] = await probe.jobs('amnesia_cam');
    expect(sorted(recovered.detection_ids)).toEqual(sorted(job.detection_ids));
    expect(recovered.batch_id).toMatch(/^recovered_amnesia_cam_/);
    expect(await service.parts.recovery.scan()).toBe(0);
    expect(await probe.jobs('amnesia_cam')).toHaveLength(1);
    await service.stop();
  });
});
