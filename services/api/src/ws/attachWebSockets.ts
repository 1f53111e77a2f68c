import type { Server } from 'node:http';
import { MessagePublisher } from '@secpipe/core';
import { WebSocketServer } from 'ws';
import type { ApiDeps } from '../deps';
import { startCameraStatusSweep, type CameraStatusSweep } from './cameraStatusSweep';
import { serveClientMessages } from './clientSession';
import { FanOut } from './fanOut';
import { startWsHeartbeat } from './heartbeat';
import { LiveClient } from './liveClient';
import { startSystemMonitor } from './systemMonitor';
import { chooseProtocol } from './upgradeAuth';
import { upgradeHandler } from './upgradeHandler';
import { wsMetrics } from './wsMetrics';

/** The contract's maximum client message; larger frames close the socket with 1009. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface WebSockets {
  fanOut: FanOut;
  /** Resolves once this replica receives published messages (tests await it before publishing). */
  ready: Promise<void>;
  cameraStatus: CameraStatusSweep;
  /** Closes every socket (1001 "going away") and the subscriber; the HTTP server stays up. */
  close(): Promise<void>;
}

/** How long shutdown waits for clients to answer the close frame before dropping them. */
const CLOSE_GRACE_MS = 1000;

/** Sends every client 1001 "going away"; whoever has not closed within the grace is terminated. */
async function closeClients(fanOut: FanOut): Promise<void> {
  const clients = [...fanOut.clientsOn('/ws/events'), ...fanOut.clientsOn('/ws/system')];
  const closed = clients.map((client) => new Promise((resolve) => client.socket.once('close', resolve)));
  for (const client of clients) client.close(1001, 'Server shutting down');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
  clearTimeout(timer);
  for (const client of clients) client.socket.terminate();
}

/** Serves /ws/events and /ws/system on the API's HTTP server (README "WebSocket"). */
export function attachWebSockets(server: Server, deps: ApiDeps): WebSockets {
  const { config, logger } = deps;
  const metrics = wsMetrics(deps.metrics);
  const fanOut = FanOut.start(deps.redis, config.QUEUE_PREFIX, metrics, logger);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, clientTracking: false, handleProtocols: chooseProtocol });
  const replay = { redis: deps.redis, prefix: config.QUEUE_PREFIX, replaySize: config.WS_REPLAY_SIZE };
  const publisher = new MessagePublisher(deps.redis, config.QUEUE_PREFIX, config.WS_REPLAY_SIZE);
  const monitor = startSystemMonitor(deps, fanOut, publisher, config.WS_SYSTEM_INTERVAL_SECONDS * 1000);
  const cameraStatus = startCameraStatusSweep(deps, publisher, config.CAMERA_STATUS_SWEEP_SECONDS * 1000);
  const limits = { maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES, idleTimeoutMs: config.WS_IDLE_TIMEOUT_SECONDS * 1000 };

  const onUpgrade = upgradeHandler(wss, {
    auth: { apiKeyEnabled: config.API_KEY_ENABLED, apiKeyHashes: config.API_KEYS, token: config.WEBSOCKET_TOKEN, corsOrigins: config.CORS_ORIGINS },
    rateLimit: config.RATE_LIMIT_ENABLED ? { redis: deps.redis, prefix: config.QUEUE_PREFIX, perMinute: config.WS_CONNECTIONS_PER_MINUTE, logger } : undefined,
    trustedProxies: config.TRUSTED_PROXY_IPS,
    metrics,
    onAccepted(socket, path) {
      socket.on('error', (error: Error) => logger.debug({ err: error, path }, 'websocket client error'));
      const client = new LiveClient(socket, path, limits, metrics);
      fanOut.add(client);
      serveClientMessages(client, { replay, logger });
      if (path === '/ws/system') monitor.greet(client).catch((error: unknown) => logger.warn({ err: error }, 'system status on connect failed'));
    },
  });
  const listener = (...args: Parameters<typeof onUpgrade>) => void onUpgrade(...args);
  server.on('upgrade', listener);
  const heartbeat = startWsHeartbeat(fanOut, config.WS_HEARTBEAT_SECONDS * 1000);

  return {
    fanOut,
    ready: fanOut.ready,
    cameraStatus,
    async close() {
      server.off('upgrade', listener);
      heartbeat.stop();
      await Promise.all([monitor.stop(), cameraStatus.stop()]);
      await closeClients(fanOut);
      await fanOut.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
