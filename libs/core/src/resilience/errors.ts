/**
 * Failure classes the worker policy acts on. Throw PermanentError for what no retry can fix
 * (invalid input, a file that is not an image, a 4xx from an upstream); anything else is treated
 * as transient and retried with backoff until the job's attempts are spent.
 */
export class PermanentError extends Error {
  constructor(
    message: string,
    readonly reason: string = 'permanent',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** A payload that does not match its queue's schema (at `add` or at consume). */
export class PayloadValidationError extends PermanentError {
  constructor(
    readonly queue: string,
    readonly problems: string[],
  ) {
    super(`malformed ${queue} payload: ${problems.join('; ')}`, 'malformed_payload');
    this.name = 'PayloadValidationError';
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'EOPENBREAKER',
  'ETIMEDOUT_BREAKER',
]);

/** HTTP status codes an upstream may recover from; other 4xx are permanent. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export type FailureKind = 'transient' | 'permanent';

/** The one place that decides whether a failure is worth a retry. */
export function classifyError(error: unknown): FailureKind {
  if (error instanceof PermanentError) return 'permanent';
  if (error instanceof TransientError) return 'transient';
  const candidate = error as { code?: unknown; status?: unknown; statusCode?: unknown } | null;
  const status = Number(candidate?.status ?? candidate?.statusCode);
  if (Number.isInteger(status) && status >= 400) return isTransientStatus(status) ? 'transient' : 'permanent';
  if (typeof candidate?.code === 'string' && TRANSIENT_CODES.has(candidate.code)) return 'transient';
  // Unknown failures get the benefit of the doubt: retried, then dead-lettered with their payload.
  return 'transient';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
