import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readStageLatencies } from '@secpipe/core';
import {
  makeJpeg,
  makePng,
  makeTinyJpeg,
  jpegVariant,
  textPosingAsImage,
  useIntegrationContext,
  waitFor,
  writeUpload,
} from '@secpipe/testing';
import { detectionJobs, detectionQueue, makeCameraRoot, startIngest, testConfig, type RunningIngest } from './support/ingestHarness';

describe('ingest: uploads to detection jobs', () => {
  const ctx = useIntegrationContext('ingest-uploads');
  let root: string;
  let removeRoot: () => Promise<void>;
  let ingest: RunningIngest;
  let jpeg: Buffer;

  beforeAll(async () => {
    ({ root, remove: removeRoot } = await makeCameraRoot());
    jpeg = await makeJpeg({ seed: 11 });
    // A short stability window: files without an end marker are judged quickly.
    ingest = await startIngest(ctx, testConfig(ctx, root, { STABILITY_MS: '300' }));
    await waitFor(() => ingest.service.readiness().watcher, { what: 'watcher running' });
  });
  afterAll(async () => {
    await ingest.stop();
    await removeRoot();
  });

  const queue = () => detectionQueue(ctx);
  const jobFor = async (file: string) => (await detectionJobs(queue())).find((job) => job.data.file_path === file);

  it('turns one image into one job with the catalog payload, and registers the camera', async () => {
    const before = Date.now();
    const file = await writeUpload(root, 'Front Door/snap.jpg', jpegVariant(jpeg, 'one'));
    const job = await waitFor(() => jobFor(file), { what: 'the job' });
    expect(job.id).toMatch(/^det-front_door-[0-9a-f]{64}$/);
    expect(job.data).toEqual({
      v: 1,
      camera_id: 'front_door',
      file_path: file,
      file_hash: job.id!.slice(-64),
      media_type: 'image',
      captured_at: expect.any(String),
      received_at: expect.any(String),
      correlation_id: expect.any(String),
    });
    expect(path.isAbsolute(job.data.file_path)).toBe(true);
    expect(Date.parse(job.data.received_at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(job.data.captured_at)).toBeLessThanOrEqual(Date.parse(job.data.received_at));

    const camera = await waitFor(() => ctx.prisma.camera.findFirst({ where: { id: 'front_door', last_seen_at: { not: null } } }), {
      what: 'camera row with last_seen_at',
    });
    expect(camera).toMatchObject({ name: 'Front Door', folder_path: path.join(root, 'Front Door'), status: 'online' });

    // The watch stage's latency is recorded for the API's telemetry.
    const watch = await waitFor(async () => (await readStageLatencies(ctx.redis, ctx.prefix)).watch.sample_count > 0 && (await readStageLatencies(ctx.redis, ctx.prefix)).watch, {
      what: 'a watch-stage sample',
    });
    expect(watch.p50_ms).toBeGreaterThanOrEqual(0);
  });

  it('files a nested upload under the top-level camera folder and accepts upper-case .JPG and PNG', async () => {
    const nested = await writeUpload(root, 'porch/2024/12/26/a.jpg', jpegVariant(jpeg, 'nested'));
    const upper = await writeUpload(root, 'porch/X.JPG', jpegVariant(jpeg, 'upper'));
    const png = await writeUpload(root, 'porch/p.png', await makePng({ width: 96, height: 64, seed: 3 }));
    for (const file of [nested, upper, png]) {
      const job = await waitFor(() => jobFor(file), { what: `a job for ${file}` });
      expect(job.data.camera_id).toBe('porch');
    }
  });

  it('enqueues the same bytes from two cameras (a "no signal" frame) once per camera', async () => {
    const frame = jpegVariant(jpeg, 'no-signal');
    const a = await writeUpload(root, 'North Gate/blank.jpg', frame);
    const b = await writeUpload(root, 'South Gate/blank.jpg', frame);
    const [jobA, jobB] = await Promise.all([a, b].map((file) => waitFor(() => jobFor(file), { what: `a job for ${file}` })));
    expect(jobA.data.file_hash).toBe(jobB.data.file_hash);
    expect([jobA.data.camera_id, jobB.data.camera_id].sort()).toEqual(['north_gate', 'south_gate']);
    expect(jobA.id).not.toBe(jobB.id);
  });

  it('ignores temp, text and hidden files without a word, and rejects broken images once with a reason', async () => {
    const ignored = ['garage/a.txt', 'garage/b.jpg.tmp', 'garage/c.jpg.part', 'garage/d.filepart', 'garage/.hidden.jpg'];
    for (const name of ignored) await writeUpload(root, name, jpegVariant(jpeg, name));
    const empty = await writeUpload(root, 'garage/empty.jpg', Buffer.alloc(0));
    const text = await writeUpload(root, 'garage/text.jpg', textPosingAsImage(20 * 1024));
    const small = await writeUpload(root, 'garage/small.jpg', await makeTinyJpeg());
    // A valid upload written last: once it is enqueued, the watcher has seen everything above.
    const marker = await writeUpload(root, 'garage/marker.jpg', jpegVariant(jpeg, 'marker'));
    await waitFor(() => jobFor(marker), { what: 'the marker job' });
    await waitFor(async () => (await ingest.metric('files_rejected_total')) >= 3, { what: 'three rejections' });

    expect(await ingest.metric('files_rejected_total', { reason: 'too_small' })).toBe(2);
    expect(await ingest.metric('files_rejected_total', { reason: 'corrupt' })).toBe(1);
    const jobs = await detectionJobs(queue());
    expect(jobs.filter((job) => job.data.camera_id === 'garage').map((job) => job.data.file_path)).toEqual([marker]);
    const rejections = ingest.logs().filter((line) => line.msg === 'upload rejected');
    expect(rejections.map((line) => [path.basename(String(line.file)), line.reason]).sort()).toEqual([
      ['empty.jpg', 'too_small'],
      ['small.jpg', 'too_small'],
      ['text.jpg', 'corrupt'],
    ]);
    expect(ingest.logs().some((line) => ignored.some((name) => String(line.file ?? '').endsWith(path.basename(name))))).toBe(false);
    expect([empty, text, small].every((file) => rejections.filter((line) => line.file === file).length === 1)).toBe(true);
  });

  it('rejects an image overwritten with a truncated copy as incomplete and does not retry it', async () => {
    const file = path.join(root, 'garage', 'cut.jpg');
    await writeFile(file, (await makeJpeg({ seed: 99, width: 400, height: 300 })).subarray(0, 30_000));
    await waitFor(async () => (await ingest.metric('files_rejected_total', { reason: 'incomplete' })) === 1, { what: 'incomplete rejection' });
    await ingest.service.rescan('start');
    const marker = await writeUpload(root, 'garage/after-cut.jpg', jpegVariant(jpeg, 'after-cut'));
    await waitFor(() => jobFor(marker), { what: 'a later job' });
    expect(await ingest.metric('files_rejected_total', { reason: 'incomplete' })).toBe(1);
    expect(await jobFor(file)).toBeUndefined();
  });

  it('reports the counters and the latency histogram on the registry', async () => {
    expect(await ingest.metric('files_accepted_total')).toBeGreaterThanOrEqual(5);
    expect(await ingest.metric('files_seen_total')).toBeGreaterThanOrEqual(9);
    expect(await ingest.metric('watch_to_enqueue_seconds_count')).toBe(await ingest.metric('files_accepted_total'));
    expect(await ingest.metric('rescans_total', { trigger: 'start' })).toBeGreaterThanOrEqual(1);
    expect(ingest.service.readiness()).toEqual({ watcher: true, queue_redis: true });
  });
});
