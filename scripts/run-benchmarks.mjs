#!/usr/bin/env node
// Runs the benchmarks under tests/benchmarks (files named <name>.bench.ts), one process each.
// `pnpm bench` runs them all; `pnpm bench ingest detector` runs those named. Each benchmark
// prints a summary and writes its raw JSON results to bench-results/<name>.json (not committed).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'tests', 'benchmarks');
const wanted = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const selected = wanted.length ? all.filter((name) => wanted.includes(name)) : all;
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ') || 'none'}`);
  process.exit(2);
}
mkdirSync(path.join(root, 'bench-results'), { recursive: true });
let failed = 0;
for (const name of selected) {
  console.log(`\n=== benchmark: ${name}`);
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(dir, `${name}.bench.ts`)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS_DIR: path.join(root, 'bench-results'), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
