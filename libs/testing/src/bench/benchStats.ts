import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { percentile as nearestRank } from '@secpipe/core';

export interface LatencySummary {
  count: number;
  min_ms: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}

/** Nearest-rank percentile of sorted samples (the telemetry's definition); NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  return nearestRank(sorted, p) ?? Number.NaN;
}

export function summarizeLatencies(samplesMs: number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    count: sorted.length,
    min_ms: round(sorted[0] ?? Number.NaN),
    p50_ms: round(percentile(sorted, 50)),
    p90_ms: round(percentile(sorted, 90)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean_ms: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
  };
}

/** Writes a benchmark's results as JSON (to BENCH_RESULTS_DIR, default ./bench-results) and prints them. */
export function writeBenchResult(name: string, result: Record<string, unknown>): string {
  const dir = process.env.BENCH_RESULTS_DIR ?? path.resolve('bench-results');
  const file = path.join(dir, `${name}.json`);
  const body = { benchmark: name, recorded_at: new Date().toISOString(), node: process.version, ...result };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  console.log(JSON.stringify(body, null, 2));
  return file;
}

/**
 * Runs `task` over `items` with `lanes` of them in flight at once (as a worker with that
 * concurrency does) and returns each call's latency in ms.
 */
export async function timeInLanes<T>(items: T[], lanes: number, task: (item: T) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      const t0 = performance.now();
      await task(item);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return latencies;
}
