#!/usr/bin/env node
// Runs the benchmarks under tests/benchmarks (files named <name>.bench.ts), one process each.
// `pnpm bench` runs them all; `pnpm bench ingest detector` runs those named. Each benchmark
// prints a summary and writes its raw JSON results to bench-results/<name>.json (not committed);
// at the end one table lists every benchmark that ran: its own `summary` rows where it writes
// them, otherwise its throughput and p50/p99 figures read from the JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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

/** Leaf figures worth a row: throughput and latency percentiles, with their path in the JSON. */
function figures(value, where = []) {
  if (value === null || typeof value !== 'object') {
    const key = where[where.length - 1] ?? '';
    return typeof value === 'number' && /(p50_ms|p99_ms|per_second|_per_s)$/.test(key) ? [{ metric: where.join('.'), value: String(value) }] : [];
  }
  return Object.entries(value).flatMap(([key, inner]) => figures(inner, [...where, key]));
}

const rows = [];
for (const name of selected) {
  const file = path.join(root, 'bench-results', `${name}.json`);
  if (!existsSync(file)) {
    rows.push({ name, metric: '(no results)', value: '' });
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  const own = Array.isArray(result.summary) ? result.summary : figures(result);
  for (const row of own) rows.push({ name, ...row });
}
const width = (pick) => Math.max(...rows.map((row) => String(pick(row)).length), 9);
const [w1, w2] = [width((r) => r.name), width((r) => r.metric)];
console.log(`\n${'benchmark'.padEnd(w1)}  ${'metric'.padEnd(w2)}  value`);
for (const row of rows) console.log(`${row.name.padEnd(w1)}  ${row.metric.padEnd(w2)}  ${row.value}`);
process.exit(failed ? 1 : 0);
