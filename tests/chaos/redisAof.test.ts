import { ownRedis, useIntegrationContext, waitFor, type OwnRedis } from '@secpipe/testing';
import { scenarioLine } from './scenarioCounts';
import { startCameraTraffic } from './infra/cameraTraffic';
import { startChaosFleet, type ChaosFleet } from './infra/chaosFleet';
import { chaosImages } from './infra/chaosSize';
import { msUntilNewDetection, waitForHealthyFleet } from './infra/recovery';
import { waitUntilSettled } from './infra/settled';

const OUTAGE_MS = 5_000;

interface Health {
  status: string;
  services: Record<string, { status: string; message: string }>;
}

/**
 * The fleet's Redis (the suite's own, append-only file on as shipped) SIGKILLed while images flow
 * and started again on the same port and folder. Nothing queued is lost: every upload is detected
 * once, every batch becomes one event, no job dead-letters. The workers reconnect by themselves,
 * and while Redis is down the API keeps serving reads from PostgreSQL and reports `degraded`.
 */
describe('chaos: Redis with the append-only file SIGKILLed mid-run', () => {
  const ctx = useIntegrationContext('chaos-redis-aof');
  let redis: OwnRedis;
  let chaos: ChaosFleet;

  beforeAll(async () => {
    redis = await ownRedis({ durable: true });
    await redis.start();
    ctx.onClose(() => redis.stop());
    chaos = await startChaosFleet(ctx, { redis, runtimeConfig: { batch_window_seconds: 5, batch_idle_timeout_seconds: 2 } });
  }, 240_000);

  it('loses nothing, duplicates nothing, and the API serves reads and says degraded while Redis is down', async () => {
    const images = chaosImages(60, 150);
    const traffic = startCameraTraffic(chaos.fleet.cameraRoot, { cameras: ['cam_a', 'cam_b'], count: images, intervalMs: 100 });
    await waitFor(() => traffic.written() >= images / 3, { what: 'a third of the uploads', timeoutMs: 60_000 });
    await waitFor(async () => (await chaos.fleet.call<{ items: unknown[] }>('GET', '/api/events')).items.length > 0, { what: 'an event before the crash', timeoutMs: 60_000 });

    const killedAt = Date.now();
    await redis.kill();
    const events = await fetch(`${chaos.fleet.api}/api/events`);
    const healthResponse = await fetch(`${chaos.fleet.api}/api/system/health`);
    const health = (await healthResponse.json()) as Health;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - killedAt))));
    await redis.start();
    const restartedAt = Date.now();
    const outageMs = restartedAt - killedAt;
    const resumedMs = await msUntilNewDetection(chaos, restartedAt);

    expect(events.status).toBe(200);
    expect(((await events.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(healthResponse.status).toBe(503);
    expect(health.status).toBe('degraded');
    expect(health.services.database.status).toBe('healthy');
    expect(health.services.redis).toMatchObject({ status: 'unhealthy', message: expect.stringMatching(/^Redis unreachable/) });

    await traffic.done;
    const counts = await waitUntilSettled(chaos, images);
    const settledMs = Date.now() - killedAt - outageMs;
    // The workers reconnected by themselves: fresh heartbeats from each, nothing restarted.
    const healthy = await waitForHealthyFleet(chaos);
    process.stdout.write(`${scenarioLine('redis-aof-kill', counts, `outage ${outageMs} ms, detections resumed ${resumedMs} ms after restart, pipeline settled ${settledMs} ms after restart, ${counts.batches} batches`)}\n`);

    expect(healthy.services.redis.status).toBe('healthy');
    expect(counts).toMatchObject({ uploaded: images, detected: images, lost: 0, duplicated: 0, batchesWithoutEvent: 0, detectionsWithoutEvent: 0 });
    expect(counts.events).toBe(counts.batches);
    for (const [queue, state] of Object.entries(counts.queues)) expect({ queue, failed: state.failed }).toEqual({ queue, failed: 0 });
  }, 400_000);
});
