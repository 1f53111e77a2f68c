import type { MessagePublisher } from '@secpipe/core';
import type { ApiDeps } from '../deps';
import { workerHeartbeats } from '../system/health';
import type { FanOut } from './fanOut';
import { gpuHistoryFor } from './gpuHistory';
import type { LiveClient } from './liveClient';
import { publishServiceChanges } from './serviceStatusWatcher';
import { readSystemStatus } from './systemStatus';

export interface SystemMonitor {
  /** The snapshot a /ws/system client gets on connect. */
  greet(client: LiveClient): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every WS_SYSTEM_INTERVAL_SECONDS on each replica: read the workers' heartbeats (one MGET), keep
 * the GPU history, publish service_status changes (recorded atomically, so one replica publishes
 * each), and while this replica has /ws/system clients send them a fresh `system_status`.
 * The snapshot is computed per replica and sent to its own clients, not published: it is the
 * same for every replica, cheap (one SQL count, the queue counts, health), and a snapshot has no
 * use in a replay buffer. Ticks never overlap; a slow one delays the next.
 */
export function startSystemMonitor(deps: ApiDeps, fanOut: FanOut, publisher: MessagePublisher, intervalMs: number): SystemMonitor {
  const history = gpuHistoryFor(deps);
  const watch = { redis: deps.redis, prefix: deps.config.QUEUE_PREFIX, publisher };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const broadcast = async () => {
    const data = await readSystemStatus(deps, history.latest());
    fanOut.deliver('/ws/system', JSON.stringify({ type: 'system_status', data, timestamp: deps.now().toISOString() }));
  };

  const tick = async () => {
    const heartbeats = await workerHeartbeats(deps);
    history.record(heartbeats.detector, deps.now());
    try {
      await publishServiceChanges(watch, heartbeats);
    } catch (error) {
      deps.logger.debug({ err: error }, 'service status changes not published this round');
    }
    if (fanOut.clientsOn('/ws/system').size > 0) await broadcast();
  };

  const round = () => {
    running = tick()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'system status round failed'))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(round, intervalMs);
        timer.unref();
      });
  };
  round();

  return {
    async greet(client) {
      const gpu = history.latest() ?? history.peek((await workerHeartbeats(deps)).detector);
      const data = await readSystemStatus(deps, gpu);
      client.sendJson({ type: 'system_status', data, timestamp: deps.now().toISOString() });
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
