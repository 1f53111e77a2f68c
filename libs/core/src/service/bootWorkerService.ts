import type { ConnectionOptions } from 'bullmq';
import type { BaseServiceConfig } from '../config/envTypes';
import { closeRedis, createRedis, type Redis } from '../db/redis';
import { warnWhenRedisNotDurable } from '../db/redisPersistence';
import { createLogger, type Logger } from '../logging/logger';
import { startHeartbeat, type HeartbeatStatus } from '../ops/heartbeat';
import { createMetricsRegistry, registerBreakerGauge } from '../ops/metrics';
import { startOpsServer, type OpsServer, type ReadinessReport } from '../ops/opsServer';
import { BreakerRegistry } from '../resilience/breaker';
import { SERVICE_VERSION } from './serviceVersion';
import { shutdownOnSignals, type ShutdownStep } from './shutdown';

export interface ServiceKit {
  name: string;
  version: string;
  logger: Logger;
  registry: ReturnType<typeof createMetricsRegistry>;
  breakers: BreakerRegistry;
  /** A non-blocking client for reads, heartbeats and producers. */
  redis: Redis;
  /** Connection options for BullMQ workers (each worker opens its own blocking connection). */
  workerConnection: ConnectionOptions;
  ops: OpsServer;
  heartbeat: { stop(): Promise<void>; beat(): Promise<void> };
  /**
   * What SIGTERM/SIGINT run, in order; handled from before the service reports started. It
   * starts as the kit's own close: a service puts the steps of each part it builds in front
   * (`shutdownSteps.unshift(...)`), so a signal during start-up still shuts down cleanly.
   */
  shutdownSteps: ShutdownStep[];
  /** Closes the ops server, heartbeat and Redis (the last shutdown step). */
  close(): Promise<void>;
}

export interface BootSettings {
  name: string;
  config: BaseServiceConfig;
  /** Extra readiness checks beyond Redis answering. */
  readiness?: () => Promise<Record<string, boolean>>;
  status?: () => Omit<HeartbeatStatus, 'breakers'>;
  /** Runtime config keys the service applies while running, published in its heartbeat. */
  appliesRuntimeConfig?: string[];
  /** How long one shutdown step may take before it is abandoned. */
  shutdownStepTimeoutMs?: number;
}

/** The parts every worker service shares: logger, metrics, breakers, Redis, ops server, heartbeat. */
export async function bootWorkerService({ name, config, readiness, status, shutdownStepTimeoutMs, appliesRuntimeConfig }: BootSettings): Promise<ServiceKit> {
  const logger = createLogger({ service: name, level: config.LOG_LEVEL });
  const shutdownSteps: ShutdownStep[] = [];
  shutdownOnSignals(shutdownSteps, { logger, stepTimeoutMs: shutdownStepTimeoutMs });
  const registry = createMetricsRegistry(name);
  const breakers = new BreakerRegistry();
  registerBreakerGauge(registry, breakers);
  const redis = createRedis(config.REDIS_URL, 'client', { enableOfflineQueue: true });
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
  void warnWhenRedisNotDurable(redis, logger);
  const workerConnection: ConnectionOptions = {
    url: config.REDIS_URL,
    maxRetriesPerRequest: null,
  } as ConnectionOptions;

  const ready = async (): Promise<ReadinessReport> => {
    const checks: Record<string, boolean> = {};
    checks.redis = await redis.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    Object.assign(checks, readiness ? await readiness() : {});
    return { ready: Object.values(checks).every(Boolean), checks };
  };
  const ops = await startOpsServer({ port: config.OPS_PORT, registry, service: name, version: SERVICE_VERSION, readiness: ready });
  const heartbeat = startHeartbeat({
    redis,
    prefix: config.QUEUE_PREFIX,
    service: name,
    version: SERVICE_VERSION,
    intervalMs: config.HEARTBEAT_INTERVAL_MS,
    status: () => ({ status: 'healthy', ...status?.(), breakers: breakers.states() }),
    appliesRuntimeConfig,
  });
  const kit: ServiceKit = {
    name,
    version: SERVICE_VERSION,
    logger,
    registry,
    breakers,
    redis,
    workerConnection,
    ops,
    heartbeat,
    shutdownSteps,
    async close() {
      await heartbeat.stop();
      breakers.shutdown();
      await ops.close();
      await closeRedis(redis);
    },
  };
  shutdownSteps.push({ name: 'service kit', close: () => kit.close() });
  logger.info({ ops_port: ops.port, version: SERVICE_VERSION }, 'service started');
  return kit;
}
