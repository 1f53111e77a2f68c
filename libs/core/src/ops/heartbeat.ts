import type { Redis } from 'ioredis';
import type { BreakerState } from '../resilience/breaker';
import { redisKey } from '../db/redisKeys';

export interface Heartbeat {
  service: string;
  version: string;
  status: 'healthy' | 'degraded' | 'unhealthy';
  message?: string;
  pid: number;
  started_at: string;
  updated_at: string;
  breakers: Record<string, BreakerState>;
  details?: Record<string, unknown>;
  /**
   * Runtime config keys (PATCH /api/system/config) this service reads and applies while it
   * runs; absent from older heartbeats. The API reports a key nobody applies instead of
   * claiming the workers pick it up.
   */
  applies_runtime_config?: string[];
}

export type HeartbeatStatus = Pick<Heartbeat, 'status' | 'message' | 'breakers' | 'details'>;

export function heartbeatKey(prefix: string, service: string): string {
  return redisKey(prefix, 'heartbeat', service);
}

export interface HeartbeatSettings {
  redis: Redis;
  prefix: string;
  service: string;
  version: string;
  intervalMs: number;
  status: () => HeartbeatStatus;
  /** Runtime config keys this service applies without a restart (published in every beat). */
  appliesRuntimeConfig?: string[];
}

/**
 * Writes the service's heartbeat to Redis with a TTL of three intervals: the API reads these
 * keys, and a missing key means the service is down (or cannot reach Redis).
 */
export function startHeartbeat(settings: HeartbeatSettings): { stop(): Promise<void>; beat(): Promise<void> } {
  const { redis, prefix, service, version, intervalMs } = settings;
  const startedAt = new Date().toISOString();
  const key = heartbeatKey(prefix, service);
  const ttlMs = intervalMs * 3;
  const beat = async () => {
    const body: Heartbeat = {
      service,
      version,
      pid: process.pid,
      started_at: startedAt,
      updated_at: new Date().toISOString(),
      ...settings.status(),
      ...(settings.appliesRuntimeConfig ? { applies_runtime_config: settings.appliesRuntimeConfig } : {}),
    };
    try {
      await redis.set(key, JSON.stringify(body), 'PX', ttlMs);
    } catch {
      // Redis down: the key expires and the API reports this service as unreachable.
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return {
    beat,
    async stop() {
      clearInterval(timer);
      try {
        await redis.del(key);
      } catch {
        // Redis down: the key expires by itself.
      }
    },
  };
}

export async function readHeartbeats(redis: Redis, prefix: string, services: string[]): Promise<Record<string, Heartbeat | null>> {
  const values = await redis.mget(services.map((service) => heartbeatKey(prefix, service)));
  return Object.fromEntries(services.map((service, i) => [service, values[i] ? (JSON.parse(values[i]!) as Heartbeat) : null]));
}
