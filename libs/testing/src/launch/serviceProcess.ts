import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../db/databaseUrls';

export type ServiceName = 'ingest' | 'detector' | 'enrichment' | 'analyzer' | 'api';

export interface ServiceProcess {
  child: ChildProcess;
  /** Every line written so far (stdout and stderr). */
  lines: string[];
  /** Resolves with the first JSON log line whose `msg` matches. */
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after a grace period; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Starts a service's real composition root (src/main.ts) as its own process, as operators do. */
export function launchService(name: ServiceName, env: Record<string, string>): ServiceProcess {
  // node with tsx as a loader, not the tsx CLI: the CLI's signal relay can kill a service
  // with SIGTERM before the service's own graceful-shutdown handler runs.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'services', name, 'src', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onData = (buffer: { partial: string }) => (chunk: Buffer) => {
    const text = buffer.partial + chunk.toString('utf8');
    const parts = text.split('\n');
    buffer.partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout?.on('data', onData({ partial: '' }));
  child.stderr?.on('data', onData({ partial: '' }));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForLog = (msg: string | RegExp, timeoutMs = 20_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const matches = (line: string) => {
        const json = parseJson(line);
        const text = typeof json?.msg === 'string' ? json.msg : undefined;
        return json && text !== undefined && (typeof msg === 'string' ? text === msg : msg.test(text)) ? json : undefined;
      };
      for (const line of lines) {
        const found = matches(line);
        if (found) return resolve(found);
      }
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`${name}: no log "${String(msg)}" within ${timeoutMs} ms; output:\n${lines.join('\n')}`));
      }, timeoutMs);
      const listener = (line: string) => {
        const found = matches(line);
        if (!found) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(found);
      };
      listeners.add(listener);
      void exited.then(() => {
        if (!listeners.has(listener)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`${name} exited before logging "${String(msg)}"; output:\n${lines.join('\n')}`));
      });
    });

  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  return { child, lines, waitForLog, exited, stop };
}
