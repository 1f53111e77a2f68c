import { readHeartbeats, redisPersistence, type Heartbeat, type RedisPersistence } from '@secpipe/core';
import type { ApiDeps } from '../deps';
import { llmHealth } from './llmHealth';
import { withTimeout } from './withTimeout';

export type ServiceStatus = 'healthy' | 'degraded' | 'unhealthy' | 'not_configured';
export type OverallStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface ServiceHealth {
  status: ServiceStatus;
  message: string;
  details: Record<string, unknown>;
}

export interface SystemHealth {
  status: OverallStatus;
  services: Record<string, ServiceHealth>;
  timestamp: string;
}

const CHECK_TIMEOUT_MS = 2000;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function timed(check: () => Promise<unknown>, what: string): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  const started = performance.now();
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS, what);
    return { ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

async function databaseHealth(deps: ApiDeps): Promise<ServiceHealth> {
  const result = await timed(() => deps.prisma.$queryRaw`SELECT 1`, 'PostgreSQL');
  // The driver's message can name hosts and users: report a fixed text, log the rest.
  if (!result.ok) deps.logger.warn({ error: result.error }, 'database health check failed');
  return result.ok
    ? { status: 'healthy', message: 'PostgreSQL answers', details: { latency_ms: result.ms } }
    : { status: 'unhealthy', message: 'PostgreSQL unreachable', details: {} };
}

/** How Redis persists; undefined when it cannot be read in time (health then says nothing about it). */
async function readPersistence(deps: ApiDeps): Promise<RedisPersistence | undefined> {
  try {
    return await withTimeout(redisPersistence(deps.redis), CHECK_TIMEOUT_MS, 'Redis');
  } catch {
    return undefined;
  }
}

/**
 * A Redis without the append-only file stays `healthy` (everything works until it restarts), but
 * the message and `details.persistence` carry the warning: a restart would lose the queued jobs.
 */
async function redisHealth(deps: ApiDeps): Promise<ServiceHealth> {
  const result = await timed(() => deps.redis.ping(), 'Redis');
  if (!result.ok) {
    deps.logger.warn({ error: result.error }, 'redis health check failed');
    return { status: 'unhealthy', message: 'Redis unreachable: queues, live updates and rate limits are unavailable', details: {} };
  }
  const persistence = await readPersistence(deps);
  const message = persistence?.warning ? `Redis answers; warning: ${persistence.warning}` : 'Redis answers';
  return { status: 'healthy', message, details: { latency_ms: result.ms, ...(persistence && { persistence }) } };
}

function rateLimiterHealth(deps: ApiDeps, redis: ServiceHealth): ServiceHealth {
  if (!deps.config.RATE_LIMIT_ENABLED) return { status: 'not_configured', message: 'Rate limiting is disabled', details: {} };
  return redis.status === 'healthy'
    ? { status: 'healthy', message: 'Enforcing limits', details: {} }
    : { status: 'degraded', message: 'Redis unreachable: requests are allowed without rate limits (failing open)', details: {} };
}

export function workerHealth(service: string, heartbeat: Heartbeat | null | undefined): ServiceHealth {
  if (heartbeat === undefined) return { status: 'unhealthy', message: 'Heartbeat unknown: Redis unreachable', details: {} };
  if (heartbeat === null) return { status: 'unhealthy', message: `No heartbeat from ${service}: not running or cannot reach Redis`, details: {} };
  const openBreakers = Object.entries(heartbeat.breakers ?? {})
    .filter(([, state]) => state !== 'closed')
    .map(([name]) => name);
  const status: ServiceStatus = heartbeat.status === 'healthy' && openBreakers.length > 0 ? 'degraded' : heartbeat.status;
  const message = heartbeat.message ?? (openBreakers.length > 0 ? `Circuit breaker not closed: ${openBreakers.join(', ')}` : 'Running');
  return {
    status,
    message,
    details: { version: heartbeat.version, pid: heartbeat.pid, started_at: heartbeat.started_at, updated_at: heartbeat.updated_at, breakers: heartbeat.breakers, ...heartbeat.details },
  };
}

/** Reads every worker's heartbeat in one round trip; undefined values mean Redis could not be read. */
export async function workerHeartbeats(deps: ApiDeps): Promise<Record<string, Heartbeat | null | undefined>> {
  const services = deps.config.WORKER_SERVICES;
  try {
    return await withTimeout(readHeartbeats(deps.redis, deps.config.QUEUE_PREFIX, services), CHECK_TIMEOUT_MS, 'Redis');
  } catch {
    return Object.fromEntries(services.map((service) => [service, undefined]));
  }
}

/** PostgreSQL down is `unhealthy`; any other part down (Redis, a worker, the LLM) is `degraded`. */
export function overallStatus(services: Record<string, ServiceHealth>): OverallStatus {
  if (services.database?.status === 'unhealthy') return 'unhealthy';
  const allUp = Object.values(services).every((service) => service.status === 'healthy' || service.status === 'not_configured');
  return allUp ? 'healthy' : 'degraded';
}

export async function checkSystemHealth(deps: ApiDeps): Promise<SystemHealth> {
  const [database, redis, heartbeats, llm] = await Promise.all([databaseHealth(deps), redisHealth(deps), workerHeartbeats(deps), llmHealth(deps.config.LLM_URL, CHECK_TIMEOUT_MS)]);
  const services: Record<string, ServiceHealth> = { database, redis, rate_limiter: rateLimiterHealth(deps, redis) };
  for (const service of deps.config.WORKER_SERVICES) services[service] = workerHealth(service, heartbeats[service]);
  services.llm = llm;
  return { status: overallStatus(services), services, timestamp: deps.now().toISOString() };
}
