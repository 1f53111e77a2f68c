import type { ServiceName } from '../e2e/support';
import { startFleet, type RunningFleet } from '../e2e/fleet';
import { useIntegrationContext, waitFor } from '../e2e/support';
import { CHAOS_FULL } from './infra/chaosSize';
import { describeKill, killMidFlow, type KillOutcome } from './killMidFlow';
import { readScenarioCounts, scenarioLine, type ScenarioCounts } from './scenarioCounts';
import { startUploadStream, type UploadStream } from './uploadStream';

interface KillScenario {
  name: string;
  images: number;
  /** Killed in this order while the uploads flow, each restarted before the next is killed. */
  victims: ServiceName[];
}

// `pnpm test` runs the reduced set (one fleet, the three queue workers killed in turn: about 75 s
// on 2 cores, the fleet's start included); `pnpm test:chaos` (CHAOS_FULL=1) kills every service,
// each in its own fleet under 500 uploads.
const FULL = CHAOS_FULL;
const SCENARIOS: KillScenario[] = FULL
  ? (['ingest', 'detector', 'enrichment', 'analyzer', 'api'] as const).map((victim) => ({ name: `kill ${victim}`, images: 500, victims: [victim] }))
  : [{ name: 'kill detector, enrichment, analyzer', images: 120, victims: ['detector', 'enrichment', 'analyzer'] }];

const CAMERAS = ['cam_a', 'cam_b', 'cam_c'];
/** 500 uploads take two to three minutes to drain on a busy 2-core machine. */
const DRAIN_TIMEOUT_MS = FULL ? 300_000 : 180_000;
/**
 * A killed worker's jobs are redone within 15 s of the kill (the queue catalog's lock and stalled
 * check). With one replica nothing can redo them before its worker runs again, so a restart slower
 * than 7 s (a loaded machine: booting is mostly module loading) moves the limit: two stalled
 * checks (5 s at most) and the job itself (3 s allowed) after the worker started.
 */
function recoveryLimit(kill: KillOutcome): number {
  return Math.max(15_000, kill.restartMs + 8_000);
}

/** Drained: every upload detected and analysed, nothing active, waiting or delayed. */
function drained(counts: ScenarioCounts, stream: UploadStream): boolean {
  const idle = Object.values(counts.queues).every((queue) => queue.active === 0 && queue.pending === 0);
  return idle && counts.uploaded === stream.written && counts.lost === 0 && counts.unbatched === 0 && counts.batchesWithoutEvent === 0;
}

describe.each(SCENARIOS)('chaos: $name while $images uploads flow', (scenario) => {
  const ctx = useIntegrationContext(`chaos-${scenario.victims.join('-')}`);
  let fleet: RunningFleet;

  beforeAll(async () => {
    fleet = await startFleet(ctx, {
      runtimeConfig: { batch_window_seconds: 6, batch_idle_timeout_seconds: 2 },
      beforeWorkers: (running) => running.call('POST', '/api/alerts/rules', { name: 'Anyone on any camera', object_types: ['person'], cooldown_seconds: 0 }),
    });
  }, 180_000);

  it('loses nothing, does nothing twice, and redoes the killed worker’s jobs within 15 s', async () => {
    const access = { connection: ctx.connection, prefix: ctx.prefix };
    const stream = await startUploadStream({ cameraRoot: fleet.cameraRoot, cameras: CAMERAS, images: scenario.images, burst: 12, burstGapMs: 1000 });
    const kills: KillOutcome[] = [];
    for (const [index, victim] of scenario.victims.entries()) {
      const due = Math.floor((scenario.images * (index + 1)) / (scenario.victims.length + 1));
      await waitFor(() => stream.written >= due, { what: `${due} uploads written`, timeoutMs: 120_000, intervalMs: 50 });
      kills.push(await killMidFlow(fleet.services[victim], access));
    }
    await stream.done;

    const read = () => readScenarioCounts({ prisma: ctx.prisma, ...access, cameraRoot: fleet.cameraRoot });
    const counts = await waitFor(async () => {
      const now = await read();
      return drained(now, stream) && now;
    }, { what: 'the pipeline to drain', timeoutMs: DRAIN_TIMEOUT_MS, intervalMs: 500 }).catch(async () => read());
    process.stdout.write(`${scenarioLine(`chaos ${scenario.name}`, counts, kills.map(describeKill).join('; '))}\n`);
    if (!drained(counts, stream)) process.stdout.write(`not drained: ${JSON.stringify({ ...counts, written: stream.written })}\n`);

    expect(counts).toMatchObject({ uploaded: scenario.images, detected: scenario.images, lost: 0, duplicated: 0, unbatched: 0, batchesWithoutEvent: 0, stuckActive: 0, deadLetters: 0 });
    expect(counts.detections).toBe(stream.expectedDetections);
    expect(counts.events).toBeGreaterThan(0);
    expect(counts.alerts).toBeGreaterThan(0);
    for (const kill of kills) if (kill.recoveryMs !== null) expect(kill.recoveryMs).toBeLessThan(recoveryLimit(kill));
  }, 600_000);
});
