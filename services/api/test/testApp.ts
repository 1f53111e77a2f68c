import { createLogger, SERVICE_VERSION } from '@secpipe/core';
import type { IntegrationContext } from '@secpipe/testing';
import { apiConfigSchema } from '../src/config';
import { createApp } from '../src/app';
import type { ApiDeps } from '../src/deps';

/** The real app over the test file's own database and Redis prefix. */
export function buildTestApp(ctx: IntegrationContext, overrides: Partial<ApiDeps> = {}) {
  const config = apiConfigSchema.parse({ DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.prefix, LOG_LEVEL: 'silent' });
  const deps: ApiDeps = {
    config,
    logger: createLogger({ service: 'api', level: 'silent' }),
    prisma: ctx.prisma,
    redis: ctx.redis,
    version: SERVICE_VERSION,
    now: () => new Date(),
    ...overrides,
  };
  return { app: createApp(deps), deps };
}
