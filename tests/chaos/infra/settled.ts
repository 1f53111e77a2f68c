import { waitFor } from '@secpipe/testing';
import type { ScenarioCounts } from '../scenarioCounts';
import type { BatchCoverage } from './batchCoverage';
import type { ChaosFleet } from './chaosFleet';

type Counts = ScenarioCounts & BatchCoverage;

/** Every upload detected, every queue idle, every batch one event: the pipeline has caught up. */
export function isSettled(counts: Counts, uploaded: number): boolean {
  const idle = Object.values(counts.queues).every((q) => q.active === 0 && q.pending === 0);
  return counts.uploaded === uploaded && counts.lost === 0 && idle && counts.batchesWithoutEvent === 0 && counts.detectionsWithoutEvent === 0 && counts.events === counts.batches;
}

/** Waits until the fleet has caught up with `uploaded` files and returns the counts read then. */
export function waitUntilSettled(chaos: ChaosFleet, uploaded: number, timeoutMs = 150_000): Promise<Counts> {
  return waitFor(
    async () => {
      const counts = await chaos.counts();
      return isSettled(counts, uploaded) && counts;
    },
    { what: 'every upload detected and every batch analysed', timeoutMs, intervalMs: 1000 },
  );
}
