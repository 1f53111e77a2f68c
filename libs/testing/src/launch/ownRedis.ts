import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
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
 * A redis-server of the test's own on a spare port, without persistence, that the test stops
 * and starts to play an outage. The shared Redis is never touched.
 */
export interface OwnRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  /** Stops the server: SIGTERM by default, SIGKILL to play a crash (no goodbye to clients). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitFor(() => answers(port), { what: `redis-server on ${port}` });
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    },
  };
}
