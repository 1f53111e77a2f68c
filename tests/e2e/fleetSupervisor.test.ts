import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const SUPERVISOR = path.join(ROOT, 'scripts', 'fleet', 'superviseFleet.ts');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The fleet's supervisor (as `pnpm start` runs it) over small node processes instead of services. */
async function supervise(processes: Array<{ name: string; script: string }>, restartTries: number): Promise<Run> {
  const dir = await mkdtemp(path.join(tmpdir(), 'secpipe-supervisor-'));
  const commands = await Promise.all(
    processes.map(async ({ name, script }) => {
      await writeFile(path.join(dir, `${name}.js`), script);
      return { name, command: `node ${JSON.stringify(path.join(dir, `${name}.js`))}` };
    }),
  );
  const runner = path.join(dir, 'runner.ts');
  await writeFile(runner, `import { superviseFleet } from ${JSON.stringify(SUPERVISOR)};\nsuperviseFleet(${JSON.stringify(commands)}, ${restartTries});\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', runner], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += String(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (text += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Counts its starts in a file; crashes (exit 3) on the first two, then stays up until a signal. */
const crashTwice = (counter: string) => `
const fs = require('node:fs');
const starts = (fs.existsSync(${JSON.stringify(counter)}) ? Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0) + 1;
fs.writeFileSync(${JSON.stringify(counter)}, String(starts));
console.log('start ' + starts + ' pid ' + process.pid);
if (starts <= 2) setTimeout(() => process.exit(3), 50);
else setInterval(() => {}, 1000);
process.on('SIGINT', () => { console.log('stopped gracefully'); process.exit(0); });
`;
const steady = `console.log('steady up'); setInterval(() => {}, 1000);
process.on('SIGINT', () => { console.log('steady stopped gracefully'); setTimeout(() => process.exit(0), 100); });`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('fleet supervisor (concurrently with restarts)', () => {
  it('restarts a crashed process with backoff, logs the crash, and stops everything on Ctrl-C', async () => {
    const counter = path.join(await mkdtemp(path.join(tmpdir(), 'secpipe-counter-')), 'starts');
    const run = await supervise([{ name: 'flaky', script: crashTwice(counter) }, { name: 'steady', script: steady }], 5);
    await waitFor(() => run.output().includes('start 1'), { what: 'the first start', timeoutMs: 10_000 });
    const firstStart = Date.now();
    await waitFor(() => run.output().includes('start 3'), { what: 'the third start after two crashes', timeoutMs: 15_000 });
    expect(run.output().match(/exited with code 3/g)).toHaveLength(2);
    expect(run.output().match(/restarted/g)).toHaveLength(2);
    expect(await readFile(counter, 'utf8')).toBe('3');
    // Exponential backoff: 1 s before the first restart, 2 s before the second.
    expect(Date.now() - firstStart).toBeGreaterThanOrEqual(2_900);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('[flaky] stopped gracefully');
    expect(run.output()).toContain('[steady] steady stopped gracefully');
  }, 25_000);

  it('does not bring a process back when Ctrl-C arrives while its restart is pending', async () => {
    const run = await supervise([{ name: 'crasher', script: `console.log('pid ' + process.pid); setTimeout(() => process.exit(3), 50);` }], 5);
    await waitFor(() => run.output().includes('exited with code 3'), { what: 'the first crash', timeoutMs: 10_000 });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const pids = [...run.output().matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    expect(pids.filter(alive)).toEqual([]);
  }, 20_000);
});
