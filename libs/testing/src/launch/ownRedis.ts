import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../jest/waitFor';
import { freePort } from './freePort';

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
  });
}

/**
 * A redis-server of the test's own on a spare port, that the test stops (or kills) and starts
 * again to play an outage. The shared Redis is never touched. It runs the way the project starts
 * Redis everywhere: append-only file on (`appendfsync everysec`) in a data folder of its own that
 * survives restarts, and `maxmemory-policy noeviction` (BullMQ's keys must never be evicted).
 * `{ durable: false }` plays a Redis without persistence, which comes back empty.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** The data folder (append-only file); kept across restarts, removed when the process exits. */
  dir: string;
  start(): Promise<void>;
  /** Graceful stop (SIGTERM, the default): Redis flushes its append-only file first. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGKILL: no chance to flush, like a crash or an OOM kill. */
  kill(): Promise<void>;
}

export interface OwnRedisOptions {
  /** Append-only file on (default). */
  durable?: boolean;
  /** More redis-server arguments, e.g. `['--rename-command', 'CONFIG', '']`. */
  args?: string[];
}

function serverArgs(port: number, dir: string, durable: boolean, extra: string[]): string[] {
  const persistence = durable ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
  return ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence, '--maxmemory-policy', 'noeviction', ...extra];
}

export async function ownRedis({ durable = true, args = [] }: OwnRedisOptions = {}): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'secpipe-redis-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  let child: ChildProcess | undefined;

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async start() {
      child = spawn('redis-server', serverArgs(port, dir, durable, args), { stdio: 'ignore' });
      await waitFor(() => answers(port), { what: `redis-server on ${port}` });
    },
    stop: (signal: NodeJS.Signals = 'SIGTERM') => halt(signal),
    kill: () => halt('SIGKILL'),
  };
}
