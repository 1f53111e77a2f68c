import { redisKey, type MessagePublisher, type Redis } from '@secpipe/core';
import type { ApiDeps } from '../deps';
import { currentRuntimeConfig } from '../system/runtimeSettings';

type PreviousStatus = 'online' | 'offline' | 'error' | 'unknown';

/**
 * Marks offline, in one statement, every camera with no upload (or, never seen, no registration)
 * for `afterSeconds`, and returns the cameras it changed with their status before. The row lock
 * makes a second replica's identical UPDATE skip rows the first already changed, so exactly one
 * replica gets each camera back and publishes its transition.
 */
async function markSilentCamerasOffline(deps: ApiDeps, afterSeconds: number) {
  return deps.prisma.$queryRaw<Array<{ id: string; previous_status: PreviousStatus; last_seen_at: Date | null }>>`
    UPDATE cameras AS c SET status = 'offline'
    FROM (SELECT id, status FROM cameras
          WHERE status <> 'offline' AND COALESCE(last_seen_at, created_at) < now() - make_interval(secs => ${afterSeconds})
          FOR UPDATE) AS before
    WHERE c.id = before.id AND c.status <> 'offline'
    RETURNING c.id, before.status::text AS previous_status, c.last_seen_at`;
}

export interface CameraStatusSweep {
  /** One pass; returns the transitions this replica published (tests call it directly). */
  sweep(): Promise<Array<{ camera_id: string; status: 'online' | 'offline' }>>;
  stop(): Promise<void>;
}

/**
 * Camera status transitions (README "WebSocket"), with exactly one message per change across
 * replicas:
 * - offline: the UPDATE above decides which replica publishes;
 * - back online: ingest sets `status = 'online'` in SQL on the next upload. The cameras announced
 *   offline are kept in a Redis hash; a camera in it whose row is online again is removed with
 *   HDEL, which returns 1 to exactly one replica, and that replica publishes `online`.
 * The hash entry is written after the offline message is published, so `online` never precedes it.
 */
export function startCameraStatusSweep(deps: ApiDeps, publisher: MessagePublisher, intervalMs: number): CameraStatusSweep {
  const redis: Redis = deps.redis;
  const announcedOffline = redisKey(deps.config.QUEUE_PREFIX, 'cameras', 'announced_offline');

  const sweepOffline = async () => {
    const { camera_offline_after_seconds: afterSeconds } = await currentRuntimeConfig(deps);
    const changed = await markSilentCamerasOffline(deps, afterSeconds);
    for (const camera of changed) {
      await publisher.publish('camera_status', {
        camera_id: camera.id,
        status: 'offline',
        previous_status: camera.previous_status,
        last_seen_at: camera.last_seen_at?.toISOString() ?? null,
        reason: `No upload for ${afterSeconds} s`,
      });
      await redis.hset(announcedOffline, camera.id, '1');
    }
    return changed.map((camera) => ({ camera_id: camera.id, status: 'offline' as const }));
  };

  const sweepBackOnline = async () => {
    const announced = await redis.hkeys(announcedOffline);
    if (announced.length === 0) return [];
    const rows = await deps.prisma.camera.findMany({ where: { id: { in: announced } }, select: { id: true, status: true, last_seen_at: true } });
    const existing = new Set(rows.map((row) => row.id));
    const gone = announced.filter((id) => !existing.has(id));
    if (gone.length > 0) await redis.hdel(announcedOffline, ...gone);
    const published: Array<{ camera_id: string; status: 'online' }> = [];
    for (const row of rows.filter((camera) => camera.status === 'online')) {
      if ((await redis.hdel(announcedOffline, row.id)) !== 1) continue;
      await publisher.publish('camera_status', { camera_id: row.id, status: 'online', previous_status: 'offline', last_seen_at: row.last_seen_at?.toISOString() ?? null, reason: 'Upload received' });
      published.push({ camera_id: row.id, status: 'online' });
    }
    return published;
  };

  const sweep = async () => [...(await sweepOffline()), ...(await sweepBackOnline())];

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    running = sweep()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'camera status sweep failed'))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(round, intervalMs);
        timer.unref();
      });
  };
  timer = setTimeout(round, intervalMs);
  timer.unref();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
