import { createLogger, createMetricsRegistry, createPgPool, poolConfigFromUrl, SERVICE_VERSION } from '@secpipe/core';
import type { IntegrationContext } from '@secpipe/testing';
import { apiConfigSchema } from '../src/config';
import { createApp } from '../src/app';
import { ChangeFeed } from '../src/cache/changeFeed';
import { ResponseCache } from '../src/cache/responseCache';
import { preparedReader } from '../src/repositories/sqlReader';
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
  const logger = createLogger({ service: 'api', level: 'silent' });
  const metrics = overrides.metrics ?? createMetricsRegistry('api');
  // The real response cache, following the test database's change notifications.
  const changes = ChangeFeed.start(ctx.databaseUrl, logger);
  ctx.onClose(() => changes.close());
  const pool = createPgPool({ ...poolConfigFromUrl(ctx.databaseUrl), max: 3 });
  ctx.onClose(() => pool.end());
  const deps: ApiDeps = {
    config,
    logger,
    prisma: ctx.prisma,
    sql: preparedReader(pool),
    redis,
    queues,
    metrics,
    responses: new ResponseCache(changes, { maxBytes: config.API_RESPONSE_CACHE_MB * 1024 * 1024, metrics }),
    version: SERVICE_VERSION,
    now: () => new Date(),
    ...overrides,
  };
  return { app: createApp(deps), deps };
}
