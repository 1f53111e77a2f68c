import { jpegVariant, makeJpeg, useIntegrationContext, waitFor, writeUpload, writeUploadInChunks } from '@secpipe/testing';
import { detectionJobs, detectionQueue, makeCameraRoot, startIngest, testConfig, type RunningIngest } from './support/ingestHarness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ingest: bursts, duplicates and chunked uploads', () => {
  const ctx = useIntegrationContext('ingest-bursts');
  let root: string;
  let removeRoot: () => Promise<void>;
  let ingest: RunningIngest;
  let jpeg: Buffer;

  beforeAll(async () => {
    ({ root, remove: removeRoot } = await makeCameraRoot());
    jpeg = await makeJpeg({ seed: 21 });
    ingest = await startIngest(ctx, testConfig(ctx, root));
  });
  afterAll(async () => {
    await ingest.stop();
    await removeRoot();
  });

  const jobsFor = async (cameraId: string) => (await detectionJobs(detectionQueue(ctx))).filter((job) => job.data.camera_id === cameraId);

  it('enqueues exactly 200 jobs for 200 distinct files written 5 ms apart', async () => {
    const written: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      written.push(await writeUpload(root, `burst/img-${i}.jpg`, jpegVariant(jpeg, `burst-${i}`)));
      await sleep(5); // the cadence under test, not a wait for the service
    }
    await waitFor(async () => (await jobsFor('burst')).length >= 200, { timeoutMs: 20_000, what: '200 jobs' });
    await waitFor(() => ingest.service.backlog().following === 0, { what: 'nothing left in flight' });
    const jobs = await jobsFor('burst');
    expect(jobs).toHaveLength(200);
    expect(new Set(jobs.map((job) => job.data.file_path))).toEqual(new Set(written));
  });

  it('enqueues one job for the same bytes written 10 times', async () => {
    const bytes = jpegVariant(jpeg, 'same-bytes');
    for (let i = 0; i < 10; i += 1) await writeUpload(root, `dupes/copy-${i}.jpg`, bytes);
    await waitFor(async () => (await ingest.metric('files_skipped_total', { reason: 'duplicate' })) >= 9, { what: '9 duplicates' });
    await waitFor(() => ingest.service.backlog().following === 0, { what: 'nothing left in flight' });
    expect(await jobsFor('dupes')).toHaveLength(1);
    expect(await ingest.metric('files_skipped_total', { reason: 'duplicate' })).toBe(9);
  });

  it('enqueues a file written in 5 chunks 300 ms apart once, and not before the last chunk', async () => {
    const bytes = jpegVariant(await makeJpeg({ seed: 22, width: 640, height: 480 }), 'chunked');
    let lastChunkAt = 0;
    const file = await writeUploadInChunks(root, 'chunked/slow.jpg', bytes, {
      chunks: 5,
      gapMs: 300,
      beforeChunk: async (index) => {
        if (index > 1) expect(await jobsFor('chunked')).toHaveLength(0);
        if (index === 5) lastChunkAt = Date.now();
      },
    });
    const [job] = await waitFor(() => jobsFor('chunked').then((jobs) => (jobs.length ? jobs : undefined)), { what: 'the job' });
    expect(job.data.file_path).toBe(file);
    // Accepted on its end marker, well inside the 1 s stability window a size check would need.
    expect(job.timestamp - lastChunkAt).toBeLessThan(800);
    await waitFor(() => ingest.service.backlog().following === 0, { what: 'nothing left in flight' });
    expect(await jobsFor('chunked')).toHaveLength(1);
    expect(await ingest.metric('files_rejected_total')).toBe(0);
  });

  it('yields one job per file when two replicas watch the same folders', async () => {
    const replica = await startIngest(ctx, testConfig(ctx, root));
    const written: string[] = [];
    for (let i = 0; i < 20; i += 1) written.push(await writeUpload(root, `shared/img-${i}.jpg`, jpegVariant(jpeg, `shared-${i}`)));
    await waitFor(async () => (await jobsFor('shared')).length >= 20, { what: '20 jobs' });
    await waitFor(() => ingest.service.backlog().following + replica.service.backlog().following === 0, { what: 'both idle' });
    expect(await jobsFor('shared')).toHaveLength(20);
    await replica.stop();
  });
});
