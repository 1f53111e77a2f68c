import { createLogger, createMetricsRegistry, SERVICE_VERSION } from '@secpipe/core';
import type { IntegrationContext } from '@secpipe/testing';
import { apiConfigSchema } from '../src/config';
import { createApp } from '../src/app';
import type { ApiDeps } from '../src/deps';
import { closeApiQueues, openApiQueues } from '../src/system/apiQueues';

/**
 * The real app over the test file's own database and Redis prefix. `env` adds environment keys
 * (rate limits are off unless a test turns them on, so suites do not throttle themselves).
 */
export function buildTestApp(ctx: IntegrationContext, overrides: Partial<ApiDeps> = {}, env: Record<string, string> = {}) {
  const config = apiConfigSchema.parse({ DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.prefix, LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false', ...env });
  const redis = overrides.redis ?? ctx.redis;
  const queues = overrides.queues ?? openApiQueues(redis, config.QUEUE_PREFIX);
  if (!overrides.queues) ctx.onClose(() => closeApiQueues(queues));
  const deps: ApiDeps = {
    config,
    logger: createLogger({ service: 'api', level: 'silent' }),
    prisma: ctx.prisma,
    redis,
    queues,
    metrics: createMetricsRegistry('api'),
    version: SERVICE_VERSION,
    now: () => new Date(),
    ...overrides,
  };
  return { app: createApp(deps), deps };
}
