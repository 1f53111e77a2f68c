import { ownPostgres, useIntegrationContext, waitFor, type OwnPostgres } from '@secpipe/testing';
import { scenarioLine } from './scenarioCounts';
import { startCameraTraffic } from './infra/cameraTraffic';
import { startChaosFleet, type ChaosFleet } from './infra/chaosFleet';
import { chaosImages } from './infra/chaosSize';
import { msUntilNewDetection, retriedJobs, waitForHealthyFleet } from './infra/recovery';
import { waitUntilSettled } from './infra/settled';

const OUTAGE_MS = 20_000;
/** Words that would tell a client what the database is and how it failed. */
const DRIVER_TEXT = /prisma|ECONNREFUSED|postgres|sql|select |pg_|adapter|connection terminated|:\d{4,5}/i;

/**
 * PostgreSQL stopped for 20 s while images flow: the suite's own cluster (the shared one is never
 * stopped). Workers' jobs fail and retry with their queue's backoff until the database is back,
 * none dead-letters for it; ingest parks uploads and delivers them later; the API answers 503
 * problem+json without driver text while it is down and serves again without a restart.
 */
describe('chaos: PostgreSQL stopped for 20 s mid-run', () => {
  const ctx = useIntegrationContext('chaos-pg', { database: false });
  let postgres: OwnPostgres;
  let chaos: ChaosFleet;

  beforeAll(async () => {
    postgres = await ownPostgres();
    await postgres.start();
    ctx.onClose(() => postgres.destroy());
    chaos = await startChaosFleet(ctx, { postgres, runtimeConfig: { batch_window_seconds: 5, batch_idle_timeout_seconds: 2 } });
  }, 240_000);

  it('retries through the outage, loses and dead-letters nothing, and answers 503 while down', async () => {
    const images = chaosImages(60, 150);
    const traffic = startCameraTraffic(chaos.fleet.cameraRoot, { cameras: ['cam_a', 'cam_b'], count: images, intervalMs: 100 });
    await waitFor(() => traffic.written() >= images / 3, { what: 'a third of the uploads', timeoutMs: 60_000 });
    await waitFor(async () => (await chaos.prisma.detection.count()) > 0, { what: 'detections before the outage', timeoutMs: 60_000 });

    const stoppedAt = Date.now();
    await postgres.stop();
    const during = await fetch(`${chaos.fleet.api}/api/events`);
    const duringBody = await during.text();
    const health = (await (await fetch(`${chaos.fleet.api}/api/system/health`)).json()) as { status: string; services: Record<string, { status: string; message: string }> };
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    await postgres.start();
    const restartedAt = Date.now();
    const outageMs = restartedAt - stoppedAt;

    expect(during.status).toBe(503);
    expect(during.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(duringBody)).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(duringBody).not.toMatch(DRIVER_TEXT);
    expect(health.status).toBe('unhealthy');
    expect(health.services.database).toMatchObject({ status: 'unhealthy', message: 'PostgreSQL unreachable' });

    // The API serves again without a restart; the workers' retries get through.
    const resumed = msUntilNewDetection(chaos, restartedAt);
    const recovered = await waitFor(async () => (await fetch(`${chaos.fleet.api}/api/events`)).status === 200 && Date.now(), { what: 'the API to serve again', timeoutMs: 30_000, intervalMs: 200 });
    const resumedMs = await resumed;

    await traffic.done;
    const counts = await waitUntilSettled(chaos, images);
    const settledMs = Date.now() - restartedAt;
    await waitForHealthyFleet(chaos);
    const retried = await retriedJobs(chaos);
    process.stdout.write(`${scenarioLine('postgres-outage', counts, `outage ${outageMs} ms, jobs retried through it ${JSON.stringify(retried)}, API back ${recovered - restartedAt} ms and detections resumed ${resumedMs} ms after restart, pipeline settled ${settledMs} ms after restart, ${counts.batches} batches`)}\n`);

    expect(counts).toMatchObject({ uploaded: images, detected: images, lost: 0, duplicated: 0, batchesWithoutEvent: 0 });
    expect(counts.events).toBe(counts.batches);
    // The outage was felt (jobs failed and were retried), and every retry got through.
    expect(Object.values(retried).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
    for (const [queue, state] of Object.entries(counts.queues)) expect({ queue, failed: state.failed }).toEqual({ queue, failed: 0 });
  }, 400_000);
});
