import { jpegVariant, makeJpeg, ownRedis, useIntegrationContext, waitFor, writeUpload, type OwnRedis } from '@secpipe/testing';
import { detectionJobs, detectionQueue, makeCameraRoot, startIngest, testConfig } from './support/ingestHarness';

describe('ingest: Redis outage', () => {
  const ctx = useIntegrationContext('ingest-outage');
  let redis: OwnRedis;
  let root: string;
  let removeRoot: () => Promise<void>;

  beforeAll(async () => {
    ({ root, remove: removeRoot } = await makeCameraRoot());
    redis = await ownRedis();
    await redis.start();
  });
  afterAll(async () => {
    await redis.stop();
    await removeRoot();
  });

  it('keeps noting uploads while Redis is down and enqueues every one after it returns', async () => {
    const jpeg = await makeJpeg({ seed: 41 });
    const ingest = await startIngest(ctx, testConfig(ctx, root, { REDIS_URL: redis.url, RETRY_MIN_MS: '100', RETRY_MAX_MS: '1000' }));
    await writeUpload(root, 'driveway/before.jpg', jpegVariant(jpeg, 'before'));
    const queueBefore = detectionQueue(ctx, redis.url);
    await waitFor(async () => (await detectionJobs(queueBefore)).length === 1, { what: 'the job before the outage' });
    await queueBefore.close();

    await redis.stop();
    await waitFor(() => !ingest.service.readiness().queue_redis, { what: 'readiness to notice the outage' });
    const during: string[] = [];
    for (let i = 0; i < 20; i += 1) during.push(await writeUpload(root, `driveway/during-${i}.jpg`, jpegVariant(jpeg, `during-${i}`)));
    await waitFor(() => ingest.service.backlog().parked === 20, { what: '20 parked uploads' });
    expect(ingest.service.health()).toMatchObject({
      status: 'degraded',
      message: '20 uploads parked: Redis unavailable',
      details: { parked: 20, parked_reason: 'Redis unavailable' },
    });
    expect(await ingest.metric('files_accepted_total')).toBe(1);

    // The same port and data folder: the pre-outage job survives in the append-only file (and
    // the recovery rescan may hand it over again); every upload from the outage must arrive.
    await redis.start();
    const queue = detectionQueue(ctx, redis.url);
    const enqueuedPaths = async () => new Set((await detectionJobs(queue)).map((job) => job.data.file_path));
    await waitFor(async () => {
      const paths = await enqueuedPaths();
      return during.every((file) => paths.has(file));
    }, { timeoutMs: 15_000, what: 'every upload from the outage' });
    await waitFor(() => ingest.service.backlog().parked === 0, { what: 'nothing parked' });
    expect(ingest.service.health()).toMatchObject({ status: 'healthy', details: { parked: 0 } });
    const jobs = await detectionJobs(queue);
    expect(new Set(jobs.map((job) => job.data.file_path)).size).toBe(jobs.length);
    expect(jobs.map((job) => job.data.file_path)).toEqual(expect.arrayContaining(during));
    expect(await ingest.metric('rescans_total', { trigger: 'redis_recovered' })).toBeGreaterThanOrEqual(1);
    await waitFor(() => ingest.service.readiness().queue_redis, { what: 'ready again' });
    await ingest.stop();
  });
});
