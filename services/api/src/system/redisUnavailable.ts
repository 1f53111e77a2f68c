import { HttpError } from '../http/problem';
import { withTimeout } from './withTimeout';

/**
 * Runs a Redis-backed operation; if Redis cannot answer (down, or slower than `ms`), the caller
 * gets a 503 saying so instead of a generic 500, while PostgreSQL-backed routes keep serving.
 */
export async function orRedisUnavailable<T>(operation: Promise<T>, what: string, ms = 5000): Promise<T> {
  try {
    return await withTimeout(operation, ms, 'Redis');
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(503, 'Service Unavailable', `${what} is unavailable: Redis cannot be reached`);
  }
}
