import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@secpipe/core';

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function capturedLogger(level = 'info'): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ service: 'ingest', level, destination }), lines: () => lines };
}
