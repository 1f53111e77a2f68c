import { createPgPool, poolConfigFromUrl } from '@secpipe/core';
import type { IntegrationContext } from '@secpipe/testing';
import type { Pool } from 'pg';

const pools = new WeakMap<IntegrationContext, Pool>();

/** A pg pool on the test file's database (the analyzer's per-event statements run on one), closed with the file. */
export function analyzerPool(ctx: IntegrationContext): Pool {
  let pool = pools.get(ctx);
  if (!pool) {
    pool = createPgPool({ ...poolConfigFromUrl(ctx.databaseUrl), max: 5 });
    pools.set(ctx, pool);
    const opened = pool;
    ctx.onClose(() => opened.end());
  }
  return pool;
}
