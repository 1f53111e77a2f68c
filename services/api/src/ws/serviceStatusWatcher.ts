import { redisKey, type Heartbeat, type MessagePublisher, type Redis } from '@secpipe/core';
import { workerHealth } from '../system/health';

/**
 * Records a service's status and returns the previous one when it changed (empty string the first
 * time a service is seen), nothing when unchanged. Atomic, so with several replicas watching only
 * the one whose call records the change publishes it.
 */
const RECORD_STATUS_SCRIPT = `
local previous = redis.call('HGET', KEYS[1], ARGV[1])
if previous == ARGV[2] then return false end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if not previous then return '' end
return previous`;

export interface ServiceStatusWatch {
  redis: Redis;
  prefix: string;
  publisher: MessagePublisher;
}

/**
 * Publishes `service_status` for each worker whose health (health.ts's reading of its heartbeat)
 * changed since the last one any replica recorded. The first sighting only sets the baseline:
 * nothing changed as far as clients know. Returns the services it published for.
 */
export async function publishServiceChanges(watch: ServiceStatusWatch, heartbeats: Record<string, Heartbeat | null | undefined>): Promise<string[]> {
  const key = redisKey(watch.prefix, 'ws', 'service_status');
  const published: string[] = [];
  for (const [service, heartbeat] of Object.entries(heartbeats)) {
    if (heartbeat === undefined) continue;
    const health = workerHealth(service, heartbeat);
    const status = heartbeat === null ? 'stopped' : health.status === 'not_configured' ? 'unhealthy' : health.status;
    const previous = (await watch.redis.eval(RECORD_STATUS_SCRIPT, 1, key, service, status)) as string | null;
    if (previous === null || previous === '') continue;
    await watch.publisher.publish('service_status', { service, status, message: health.message });
    published.push(service);
  }
  return published;
}
