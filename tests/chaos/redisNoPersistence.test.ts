import { ownRedis, useIntegrationContext, waitFor, type OwnRedis } from '@secpipe/testing';
import { scenarioLine } from './scenarioCounts';
import { startCameraTraffic } from './infra/cameraTraffic';
import { startChaosFleet, type ChaosFleet } from './infra/chaosFleet';
import { chaosImages, describeFull } from './infra/chaosSize';
import { uploadsSince } from './infra/uploadsSince';

const OUTAGE_MS = 5_000;
const RECOVERY_INTERVAL_MS = 2_000;

/**
 * Redis without persistence SIGKILLed mid-run comes back empty: every queued job, open batch and
 * dedupe key is gone. What the code guarantees (README, Durability): ingest rescans when Redis is
 * back and re-enqueues every upload above its camera's persisted watermark (those parked during
 * the outage, those in flight, those enqueued within the last watermark flush); enriched
 * detections whose open batch was lost are batched from PostgreSQL by the enrichment service's
 * recovery scan. What may be lost: uploads whose detection job was enqueued before the last
 * watermark flush and not yet processed, detections whose enrichment job was queued, and closed
 * batches whose analysis job was queued. Nothing is ever duplicated, and every upload written
 * from the crash on is detected and ends in an event.
 */
function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

describeFull(
  'chaos: Redis without persistence SIGKILLed mid-run',
  'the shipped Redis runs with the append-only file (redisAof.test.ts runs in every CI run); the two recovery paths this exercises, the rescan and the batch recovery scan, have their own integration tests (services/ingest/test/redisOutage.test.ts, services/enrichment/test/batching.test.ts), and this scenario adds a minute to the run',
  () => {
  const ctx = useIntegrationContext('chaos-redis-volatile');
  let redis: OwnRedis;
  let chaos: ChaosFleet;

  beforeAll(async () => {
    redis = await ownRedis({ durable: false });
    await redis.start();
    ctx.onClose(() => redis.stop());
    chaos = await startChaosFleet(ctx, {
      redis,
      runtimeConfig: { batch_window_seconds: 5, batch_idle_timeout_seconds: 2 },
      enrichment: { BATCH_RECOVERY_INTERVAL_MS: String(RECOVERY_INTERVAL_MS), BATCH_RECOVERY_GRACE_SECONDS: '2' },
    });
  }, 240_000);

  it('recovers uploads from the folders and batches from PostgreSQL, duplicates nothing, and loses only queued work', async () => {
    const images = chaosImages(60, 150);
    const traffic = startCameraTraffic(chaos.fleet.cameraRoot, { cameras: ['cam_a', 'cam_b'], count: images, intervalMs: 100 });
    await waitFor(() => traffic.written() >= images / 3, { what: 'a third of the uploads', timeoutMs: 60_000 });

    const killedAt = Date.now();
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await redis.start();
    const outageMs = Date.now() - killedAt;
    const ingest = chaos.fleet.services.ingest.process;
    await ingest.waitForLog('redis is back: redelivering parked uploads and rescanning', 30_000);
    const rescan = await waitFor(() => ingest.lines.map(parseLine).find((line) => line?.msg === 'camera folders rescanned' && line.trigger === 'redis_recovered'), { what: 'the rescan after Redis came back' });
    await traffic.done;

    // Settled: the queues are idle and nothing changes across two recovery scans.
    let previous = '';
    const counts = await waitFor(
      async () => {
        const now = await chaos.counts();
        const idle = Object.values(now.queues).every((q) => q.active === 0 && q.pending === 0);
        const key = JSON.stringify(now);
        const stable = idle && key === previous;
        previous = key;
        return stable && now;
      },
      { what: 'the fleet to settle after the restart', timeoutMs: 150_000, intervalMs: 2 * RECOVERY_INTERVAL_MS + 1000 },
    );
    const fromCrash = await uploadsSince(chaos.prisma, chaos.fleet.cameraRoot, killedAt);
    const [unenriched] = await chaos.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT COUNT(*) AS n FROM detections WHERE enrichment_data IS NULL`;
    const neverEnriched = Number(unenriched.n);
    const [recovered] = await chaos.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT COUNT(DISTINCT batch_id) AS n FROM detections WHERE batch_id LIKE 'recovered\\_%'`;
    const enrichedUnbatched = await chaos.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT COUNT(*) AS n FROM detections WHERE batch_id IS NULL AND enrichment_data IS NOT NULL`;
    process.stdout.write(
      `${scenarioLine('redis-volatile-kill', counts, `outage ${outageMs} ms, rescan found ${String(rescan.found)}, ${counts.batches} batches (${Number(recovered.n)} recovered from PostgreSQL); lost to the empty Redis: ${counts.lost} uploads before detection, ${neverEnriched} detections before enrichment, ${counts.batchesWithoutEvent} batches before analysis`)}\n`,
    );

    expect(counts.uploaded).toBe(images);
    expect(counts.duplicated).toBe(0);
    // Everything written from the crash on (parked during the outage, or later) is detected and in an event.
    expect(fromCrash.written).toBeGreaterThan(0);
    expect(fromCrash).toEqual({ written: fromCrash.written, detected: fromCrash.written, withoutEvent: 0 });
    // Every enriched detection is in a batch: the open batches Redis lost were recovered from PostgreSQL.
    expect(Number(enrichedUnbatched[0].n)).toBe(0);
    // Images flow on both cameras throughout, so a batch was open when Redis died.
    expect(Number(recovered.n)).toBeGreaterThan(0);
    for (const [queue, state] of Object.entries(counts.queues)) expect({ queue, failed: state.failed }).toEqual({ queue, failed: 0 });
  }, 400_000);
  },
);
