import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger';

/** How a Redis keeps its data across a restart, and what a restart would lose. */
export interface RedisPersistence {
  /** Append-only file on: every write is logged (fsync once a second with `appendfsync everysec`). */
  aof: boolean;
  /** RDB snapshots configured (`save` rules), or, where CONFIG is disabled, snapshots taken. */
  rdb: boolean;
  /**
   * A restart keeps every queued job. Only AOF gives that: snapshots lose what changed since the
   * last one, which for queues is whatever was added or moved in the last minutes.
   */
  durable: boolean;
  /** Set when not durable: what a restart of this Redis would lose. */
  warning?: string;
}

const LOST_ON_RESTART = 'queued jobs, dead letters, open batches and dedupe keys';

function describe(aof: boolean, rdb: boolean): RedisPersistence {
  if (aof) return { aof, rdb, durable: true };
  const warning = rdb
    ? `Redis persists RDB snapshots only (appendonly no): a restart loses the ${LOST_ON_RESTART} written since the last snapshot`
    : `Redis runs without persistence (appendonly no, no save rules): a restart loses all ${LOST_ON_RESTART}`;
  return { aof, rdb, durable: false, warning };
}

async function configValue(redis: Redis, parameter: string): Promise<string> {
  // Reply: [name, value], or [] for a parameter this Redis does not know.
  const reply = (await redis.config('GET', parameter)) as string[];
  return reply[1] ?? '';
}

function infoField(info: string, field: string): string | undefined {
  const line = info.split(/\r?\n/).find((entry) => entry.startsWith(`${field}:`));
  return line?.slice(field.length + 1).trim();
}

/**
 * Where CONFIG is renamed or denied (managed Redis, hardened installs), INFO still says whether
 * AOF is on. It does not show the `save` rules, so RDB counts as on when a snapshot is being or
 * has been taken since start (`rdb_saves`, Redis 7), which is the evidence INFO has.
 */
async function fromInfo(redis: Redis): Promise<RedisPersistence> {
  const info = await redis.info('persistence');
  const aof = infoField(info, 'aof_enabled') === '1';
  const rdb = Number(infoField(info, 'rdb_saves') ?? 0) > 0 || infoField(info, 'rdb_bgsave_in_progress') === '1';
  return describe(aof, rdb);
}

/**
 * Reads how `redis` persists its data: `CONFIG GET appendonly` and `CONFIG GET save`, falling
 * back to `INFO persistence` when CONFIG is unavailable. Read-only: it never changes the
 * configuration of a Redis it did not start. Rejects only when Redis cannot be reached.
 */
export async function redisPersistence(redis: Redis): Promise<RedisPersistence> {
  let settings: [string, string];
  try {
    settings = await Promise.all([configValue(redis, 'appendonly'), configValue(redis, 'save')]);
  } catch {
    return fromInfo(redis);
  }
  const [appendonly, save] = settings;
  return describe(appendonly === 'yes', save.trim() !== '');
}

/**
 * Logs one `warn` when `redis` would lose queued jobs on a restart. Runs beside boot (it never
 * delays or fails it): a Redis that cannot be read yet is logged at debug and left to /ready.
 */
export async function warnWhenRedisNotDurable(redis: Redis, logger: Logger): Promise<void> {
  try {
    const persistence = await redisPersistence(redis);
    if (!persistence.durable) logger.warn({ redis_aof: persistence.aof, redis_rdb: persistence.rdb, warning: persistence.warning }, 'redis is not durable');
  } catch (error) {
    logger.debug({ err: error }, 'redis persistence unknown: redis unreachable at boot');
  }
}
