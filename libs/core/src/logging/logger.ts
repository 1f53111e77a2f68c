import { randomUUID } from 'node:crypto';
import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerSettings {
  service: string;
  level?: LoggerOptions['level'];
  /** Where to write; defaults to stdout. Tests pass a stream to assert on log lines. */
  destination?: pino.DestinationStream;
}

/** Structured JSON logs: constant messages, data in fields, `service` on every line. */
export function createLogger({ service, level = 'info', destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A correlation id travels from the upload (or HTTP request) through every job of the pipeline. */
export function newCorrelationId(): string {
  return randomUUID();
}

export function withCorrelation(logger: Logger, correlationId: string, fields: Record<string, unknown> = {}): Logger {
  return logger.child({ correlation_id: correlationId, ...fields });
}
