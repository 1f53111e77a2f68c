import { Queue } from 'bullmq';
import { startFleet, type RunningFleet } from './fleet';
import { dropUpload, listDetections, listEvents, personImage, readCounter } from './liveViews';
import { textPosingAsImage, useIntegrationContext, waitFor } from './support';

/**
 * A corrupt upload is rejected once and counted, and nothing downstream hears of it: no job, no
 * dead letter, no detection, no event, no live message. A valid upload after it shows the fleet
 * was listening (the absences are not for want of a working pipeline).
 */
describe('a corrupt upload across the whole fleet', () => {
  const ctx = useIntegrationContext('e2e-corrupt');
  let fleet: RunningFleet;

  beforeAll(async () => {
    fleet = await startFleet(ctx, { runtimeConfig: { batch_window_seconds: 6, batch_idle_timeout_seconds: 1 } });
  }, 180_000);

  it('is rejected, counted and goes no further', async () => {
    const ingest = fleet.services.ingest;
    const corrupt = await dropUpload(fleet, 'Front Door', 'broken-0001.jpg', textPosingAsImage());
    await waitFor(async () => (await readCounter(ingest.opsUrl, 'files_rejected_total', { reason: 'corrupt' })) === 1, { what: 'the corrupt upload counted', timeoutMs: 20_000 });
    const rejection = await ingest.process.waitForLog('upload rejected');
    expect(rejection).toMatchObject({ file: corrupt, reason: 'corrupt' });

    const valid = await dropUpload(fleet, 'Front Door', 'person-0002.jpg', await personImage(21));
    const [event] = await waitFor(async () => {
      const events = await listEvents(fleet);
      return events.length > 0 && events;
    }, { what: 'the valid upload as an event', timeoutMs: 30_000, intervalMs: 250 });

    expect(event.is_fast_path).toBe(true);
    expect((await listEvents(fleet)).map((e) => e.id)).toEqual([event.id]);
    expect((await listDetections(fleet)).map((d) => d.file_path)).toEqual([valid]);
    const detection = new Queue('detection', { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => detection.close());
    const jobs = await detection.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
    expect(jobs.map((job) => job.data.file_path)).toEqual([valid]);
    expect(await fleet.call('GET', '/api/dlq/stats')).toMatchObject({ total_count: 0 });
    expect(await readCounter(ingest.opsUrl, 'files_rejected_total', { reason: 'corrupt' })).toBe(1);
    expect(ingest.process.lines.filter((line) => line.includes('upload rejected'))).toHaveLength(1);
    expect(fleet.live.filter((m) => m.type === 'detection.new').map((m) => m.data.detection_id)).toEqual(event.detection_ids);
    expect(fleet.contract.violations).toEqual([]);
  });
});
