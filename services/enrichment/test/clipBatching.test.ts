import { useIntegrationContext, waitFor } from '@secpipe/testing';
import type { BatchPolicy } from '../src/batching/batchPolicy';
import { AnalysisProbe, jobContext, seedImage, startInstance, testPolicy } from './support/enrichmentHarness';

const ctx = useIntegrationContext('enrichment-clip-batching');
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
const clipHash = (n: number) => n.toString(16).padStart(64, 'c');

/** The frames of one uploaded clip arrive as enrichment jobs carrying the clip's hash. */
describe('batching the frames of a clip', () => {
  it('keeps a clip in one batch through a confident person, a full snapshot batch and the camera batch closing', async () => {
    policy = testPolicy({ idleMs: 1500, maxDetections: 2 });
    const service = startInstance(ctx, currentPolicy);
    const video_hash = clipHash(1);
    // Snapshots before, between and after the frames: they fill and close the camera's batches.
    const snapshots = [await seedImage(ctx, 'gate', 2)];
    const frames = [
      { ...(await seedImage(ctx, 'gate', 1, { object_type: 'person', confidence: 0.95 })), video_hash },
      { ...(await seedImage(ctx, 'gate', 2)), video_hash },
    ];
    snapshots.push(await seedImage(ctx, 'gate', 2));
    frames.push({ ...(await seedImage(ctx, 'gate', 1, { object_type: 'person', confidence: 0.97 })), video_hash });
    for (const job of [snapshots[0], frames[0], frames[1], snapshots[1], frames[2]]) await service.parts.handler(job, jobContext());

    const frameIds = frames.flatMap((job) => job.detection_ids);
    const jobs = await waitFor(async () => {
      const all = await probe.jobs('gate');
      return all.some((job) => frameIds.includes(job.detection_ids[0])) && all;
    }, { what: "the clip's batch", timeoutMs: 10_000 });
    const clipBatches = jobs.filter((job) => job.detection_ids.some((id) => frameIds.includes(id)));
    expect(clipBatches).toHaveLength(1);
    expect(sorted(clipBatches[0].detection_ids)).toEqual(sorted(frameIds));
    expect(clipBatches[0]).toMatchObject({ close_reason: 'idle', is_fast_path: false });
    expect(clipBatches[0].batch_id).toMatch(/^video_gate_/);
    // The snapshots went their own way: two full batches, none holding a frame.
    const snapshotBatches = jobs.filter((job) => job !== clipBatches[0]);
    expect(snapshotBatches.map((job) => job.close_reason)).toEqual(['max_size', 'max_size']);
    expect(sorted(snapshotBatches.flatMap((job) => job.detection_ids))).toEqual(sorted(snapshots.flatMap((job) => job.detection_ids)));
    await service.stop();
  });

  it('gives two clips of one camera two batches, and a redelivered frame adds nothing', async () => {
    policy = testPolicy({ idleMs: 800 });
    const service = startInstance(ctx, currentPolicy);
    const a = { ...(await seedImage(ctx, 'yard', 1)), video_hash: clipHash(2) };
    const b = { ...(await seedImage(ctx, 'yard', 1)), video_hash: clipHash(3) };
    await service.parts.handler(a, jobContext());
    await service.parts.handler(b, jobContext());
    await service.parts.handler(a, jobContext());
    const jobs = await waitFor(() => probe.jobs('yard').then((all) => all.length === 2 && all), { what: 'two clip batches' });
    expect(jobs.map((job) => job.detection_ids).sort()).toEqual([a.detection_ids, b.detection_ids].sort());
    await service.stop();
  });

  it('splits a clip whose frames keep arriving past the batch window, at the window', async () => {
    policy = testPolicy({ windowMs: 1500, idleMs: 1000 });
    const service = startInstance(ctx, currentPolicy);
    const video_hash = clipHash(4);
    const sent: number[] = [];
    // A frame every 200 ms (a backlog draining slowly): never idle, so only the window closes it.
    while ((await probe.jobs('long_drive')).length === 0) {
      const frame = { ...(await seedImage(ctx, 'long_drive', 1)), video_hash };
      sent.push(...frame.detection_ids);
      await service.parts.handler(frame, jobContext());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [first] = await probe.jobs('long_drive');
    expect(first.close_reason).toBe('timeout');
    const late = { ...(await seedImage(ctx, 'long_drive', 1)), video_hash };
    await service.parts.handler(late, jobContext());
    sent.push(...late.detection_ids);
    const both = await waitFor(() => probe.jobs('long_drive').then((all) => all.length === 2 && all), { what: 'the rest of the clip' });
    expect(sorted(both.flatMap((job) => job.detection_ids))).toEqual(sorted(sent));
    expect(both.find((job) => job.batch_id !== first.batch_id)!.detection_ids).toContain(late.detection_ids[0]);
    await service.stop();
  });
});
