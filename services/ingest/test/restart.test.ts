import { utimes } from 'node:fs/promises';
import { jpegVariant, makeJpeg, useIntegrationContext, waitFor, writeUpload } from '@secpipe/testing';
import { detectionJobs, detectionQueue, makeCameraRoot, startIngest, testConfig } from './support/ingestHarness';

describe('ingest: uploads that land while the service is stopped', () => {
  const ctx = useIntegrationContext('ingest-restart');
  let root: string;
  let removeRoot: () => Promise<void>;
  let jpeg: Buffer;

  beforeAll(async () => {
    ({ root, remove: removeRoot } = await makeCameraRoot());
    jpeg = await makeJpeg({ seed: 31 });
  });
  afterAll(() => removeRoot());

  const paths = async () => (await detectionJobs(detectionQueue(ctx))).map((job) => job.data.file_path).sort();

  it('enqueues them on start, and a later start rescans only what is newer than the watermark', async () => {
    const early = [await writeUpload(root, 'Side Gate/a.jpg', jpegVariant(jpeg, 'a')), await writeUpload(root, 'Side Gate/b.jpg', jpegVariant(jpeg, 'b'))];
    // Uploaded a minute ago: well below anything written after the first run stops.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    for (const file of early) await utimes(file, aMinuteAgo, aMinuteAgo);
    const first = await startIngest(ctx, testConfig(ctx, root));
    await waitFor(async () => (await paths()).length === 2, { what: 'the two early uploads' });
    await waitFor(() => first.service.backlog().following === 0, { what: 'first run idle' });
    await first.stop();
    const mark = await ctx.prisma.camera.findUniqueOrThrow({ where: { id: 'side_gate' } });
    expect(mark.ingest_watermark).not.toBeNull();

    const whileStopped = [
      await writeUpload(root, 'Side Gate/c.jpg', jpegVariant(jpeg, 'c')),
      await writeUpload(root, 'Side Gate/2024/12/26/d.jpg', jpegVariant(jpeg, 'd')),
      await writeUpload(root, 'Back Yard/e.png', jpegVariant(jpeg, 'e')),
    ];
    const second = await startIngest(ctx, testConfig(ctx, root));
    await waitFor(async () => (await paths()).length === 5, { what: 'all five uploads' });
    expect(await paths()).toEqual([...early, ...whileStopped].sort());
    await waitFor(async () => (await second.metric('files_accepted_total')) === 3, { what: 'three accepted' });
    // The watermark kept the rescan away from the two uploads the first run handled.
    expect(await second.metric('files_seen_total')).toBe(3);
    expect(await second.metric('rescans_total', { trigger: 'start' })).toBe(1);
    await second.stop();
  });

  it('does not register cameras when auto-creation is off, and creates the camera root when missing', async () => {
    const other = await makeCameraRoot();
    ctx.onClose(other.remove);
    const missingRoot = `${other.root}/not-yet/created`;
    const ingest = await startIngest(ctx, testConfig(ctx, missingRoot, { AUTO_CREATE_CAMERAS: 'false' }));
    await writeUpload(missingRoot, 'Stranger/x.jpg', jpegVariant(jpeg, 'stranger'));
    await waitFor(async () => (await ingest.metric('files_skipped_total', { reason: 'unknown_camera' })) === 1, { what: 'unknown camera skip' });
    expect(await ctx.prisma.camera.count({ where: { id: 'stranger' } })).toBe(0);
    expect((await paths()).some((file) => file.includes('Stranger'))).toBe(false);
    await ingest.stop();
  });

  it('watches by polling where native events do not arrive (NFS/SMB mounts)', async () => {
    const other = await makeCameraRoot();
    ctx.onClose(other.remove);
    const ingest = await startIngest(ctx, testConfig(ctx, other.root, { FILE_WATCHER_POLLING: 'true', FILE_WATCHER_POLL_INTERVAL_MS: '100' }));
    const file = await writeUpload(other.root, 'Nas Cam/deep/er/p.jpg', jpegVariant(jpeg, 'polled'));
    await waitFor(async () => (await paths()).includes(file), { what: 'the polled upload' });
    expect(ingest.service.readiness().watcher).toBe(true);
    await ingest.stop();
    expect(ingest.service.readiness().watcher).toBe(false);
  });
});
