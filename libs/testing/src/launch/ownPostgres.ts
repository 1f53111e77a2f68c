import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrateDeploy } from '../db/migrate';
import { freePort } from './freePort';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PG_USER = 'postgres';

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl) on a spare port, that the test stops
 * and starts again to play an outage; the shared server is never touched. Trust auth on
 * 127.0.0.1, fsync off (a test cluster, rebuilt each run). The server refuses to run as root, so
 * when the tests run as root the cluster belongs to the `postgres` user (`runuser`).
 */
export interface OwnPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres, migrated once `start` resolved. */
  url: string;
  port: number;
  /** The cluster's folder (data and log); removed by `destroy` or when the process exits. */
  dir: string;
  /** Starts the server and waits until it accepts connections; the first start runs initdb and the migrations. */
  start(): Promise<void>;
  /** `fast` (the default) disconnects clients and shuts down cleanly; `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

function asClusterOwner(command: string, args: string[]): Promise<{ stdout: string }> {
  const binary = path.join(PG_BIN, command);
  const asRoot = process.getuid?.() === 0;
  return asRoot ? run('runuser', ['-u', PG_USER, '--', binary, ...args], { timeout: 120_000 }) : run(binary, args, { timeout: 120_000 });
}

function ownFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'secpipe-pg-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = userIds(PG_USER);
    chownSync(dir, uid, gid);
  }
  return dir;
}

function userIds(user: string): { uid: number; gid: number } {
  // `id` asks NSS, as the server itself will.
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
  return { uid, gid };
}

/** Immediate shutdown, synchronously (for the process 'exit' hook). */
function stopNow(data: string): void {
  const binary = path.join(PG_BIN, 'pg_ctl');
  const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
  try {
    if (process.getuid?.() === 0) execFileSync('runuser', ['-u', PG_USER, '--', binary, ...args], { stdio: 'ignore' });
    else execFileSync(binary, args, { stdio: 'ignore' });
  } catch {
    // Already stopped.
  }
}

export async function ownPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const dir = ownFolder();
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  let initialised = false;
  let running = false;
  // pg_ctl daemonises the server: a test process that ends without `destroy` must not leave it running.
  process.once('exit', () => {
    if (running) stopNow(data);
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `postgresql://${PG_USER}@127.0.0.1:${port}/postgres`;

  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    await asClusterOwner('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };

  return {
    url,
    port,
    dir,
    async start() {
      if (!initialised) {
        await asClusterOwner('initdb', ['-D', data, '-U', PG_USER, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
      }
      await asClusterOwner('pg_ctl', ['-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '60', 'start']);
      running = true;
      if (!initialised) {
        await migrateDeploy(url);
        initialised = true;
      }
    },
    stop,
    async destroy() {
      await stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
