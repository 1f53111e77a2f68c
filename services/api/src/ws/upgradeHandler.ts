import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import proxyaddr from 'proxy-addr';
import type { WebSocket, WebSocketServer } from 'ws';
import { allowConnection, type ConnectionRateLimitSettings } from './connectionRateLimit';
import { CLOSE_POLICY } from './liveClient';
import { upgradeAuthProblem, type WsAuthSettings } from './upgradeAuth';
import type { WsMetrics, WsPath } from './wsMetrics';

export const WS_PATHS: readonly WsPath[] = ['/ws/events', '/ws/system'];

export interface UpgradeSettings {
  auth: WsAuthSettings;
  /** Undefined when rate limiting is off (RATE_LIMIT_ENABLED=false). */
  rateLimit?: ConnectionRateLimitSettings;
  trustedProxies: string[];
  metrics: WsMetrics;
  onAccepted(socket: WebSocket, path: WsPath): void;
}

/** Answers an upgrade with a plain HTTP status and drops the TCP connection. */
function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/** IPv4-mapped IPv6 as plain IPv4, as the HTTP limiter keys clients. */
function asPlainIpv4(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}

function asPath(pathname: string): WsPath | undefined {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return WS_PATHS.find((path) => path === trimmed);
}

/**
 * The HTTP server's `upgrade` listener. Upgrades bypass express, so the checks of the REST
 * pipeline that matter here are repeated: unknown paths get 404 and too many connections from
 * one address 429 before any handshake; auth and Origin failures complete the handshake and close
 * with 1008, so browser clients see a reason instead of a bare network error.
 */
export function upgradeHandler(wss: WebSocketServer, settings: UpgradeSettings) {
  const trust = proxyaddr.compile(settings.trustedProxies);
  return async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = asPath(url.pathname);
    if (!path) {
      settings.metrics.rejected.inc({ reason: 'unknown_path' });
      return refuse(socket, 404, 'Not Found');
    }
    if (settings.rateLimit) {
      const ip = asPlainIpv4(proxyaddr(req as Parameters<typeof proxyaddr>[0], trust));
      if (!(await allowConnection(settings.rateLimit, ip))) {
        settings.metrics.rejected.inc({ reason: 'rate_limited' });
        return refuse(socket, 429, 'Too Many Requests');
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const problem = upgradeAuthProblem(req, url, settings.auth);
      if (problem) {
        settings.metrics.rejected.inc({ reason: 'policy' });
        ws.close(CLOSE_POLICY, problem);
        return;
      }
      settings.onAccepted(ws, path);
    });
  };
}
