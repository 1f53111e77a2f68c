import { z } from 'zod';

// Reusable zod field types for environment variables (all values arrive as strings).

export const envBoolean = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const envInt = (defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` })
    .default(defaultValue);

export const envNumber = (defaultValue: number, min = -Infinity, max = Infinity) =>
  z.coerce
    .number({ message: 'must be a number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` })
    .default(defaultValue);

function urlWithProtocols(protocols: string[], label: string) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${label} URL` },
  );
}

export const redisUrl = () =>
  urlWithProtocols(['redis:', 'rediss:'], 'redis:// or rediss://').default('redis://127.0.0.1:6379');

export const databaseUrl = () =>
  urlWithProtocols(['postgres:', 'postgresql:'], 'postgresql://').default(
    'postgresql://postgres@127.0.0.1:5432/secpipe',
  );

export const httpUrl = () => urlWithProtocols(['http:', 'https:'], 'http:// or https://');

export const logLevel = () =>
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be a pino level' }).default('info');

export const port = (defaultValue: number) => envInt(defaultValue, 0, 65535);

/** Keys every service shares: where Redis and PostgreSQL are, logging, the ops port. */
export const baseServiceEnv = (opsPort: number) =>
  z.object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: logLevel(),
    REDIS_URL: redisUrl(),
    DATABASE_URL: databaseUrl(),
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'letters, digits, ":", "_" and "-" only').default('secpipe'),
    OPS_PORT: port(opsPort),
    HEARTBEAT_INTERVAL_MS: envInt(5000, 100, 60_000),
  });

export type BaseServiceConfig = z.output<ReturnType<typeof baseServiceEnv>>;
