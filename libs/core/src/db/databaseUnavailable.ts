/**
 * Whether an error says PostgreSQL could not be reached (down, restarting, refusing connections,
 * or the connection dropped), as opposed to a query that is wrong. Callers turn the first kind
 * into "try again" (an API 503, a job retry) and must not show the driver's text.
 */

/** Prisma's own codes for "cannot reach / lost the server". */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
/** Driver-adapter error kinds of the same meaning (@prisma/driver-adapter-utils). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** SQLSTATE: admin/crash shutdown, "the database system is starting up", too many connections. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors node-postgres passes through as they are (the API reads through its own pg pool). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres' own messages when the socket goes away or the pool cannot connect in time. */
const DRIVER_MESSAGES = /Connection terminated|Can't reach database server|timeout exceeded when trying to connect|Client has encountered a connection error/i;

interface AdapterCause {
  kind?: unknown;
  originalCode?: unknown;
}

function adapterCauseUnavailable(cause: AdapterCause | undefined): boolean {
  if (!cause) return false;
  if (typeof cause.kind === 'string' && ADAPTER_KINDS.has(cause.kind)) return true;
  const code = typeof cause.originalCode === 'string' ? cause.originalCode : '';
  return code.startsWith('08') || SQLSTATES.has(code);
}

function oneUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: AdapterCause } } };
  if (typeof candidate.code === 'string' && (PRISMA_CODES.has(candidate.code) || SOCKET_CODES.has(candidate.code) || candidate.code.startsWith('08') || SQLSTATES.has(candidate.code))) return true;
  if (adapterCauseUnavailable(candidate.meta?.driverAdapterError?.cause)) return true;
  if (candidate.name === 'DriverAdapterError' && adapterCauseUnavailable(candidate.cause as AdapterCause)) return true;
  return typeof candidate.message === 'string' && DRIVER_MESSAGES.test(candidate.message);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (oneUnavailable(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
