import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

export interface OpsServerSettings {
  port: number;
  host?: string;
  registry: Registry;
  service: string;
  version: string;
  /** Ready = able to do useful work now (its dependencies answer). */
  readiness: () => Promise<ReadinessReport>;
}

export interface OpsServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

function send(res: import('node:http').ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * The small HTTP server every worker mounts: `/health` (alive, no dependencies), `/ready`
 * (dependencies answer; 503 otherwise) and `/metrics` (Prometheus text).
 */
export async function startOpsServer(settings: OpsServerSettings): Promise<OpsServer> {
  const { registry, service, version, readiness } = settings;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
    if (path === '/health') return send(res, 200, { status: 'alive', service, version });
    if (path === '/ready') {
      readiness()
        .then((report) => send(res, report.ready ? 200 : 503, { ...report, service }))
        .catch(() => send(res, 503, { ready: false, checks: {}, service }));
      return;
    }
    if (path === '/metrics') {
      registry
        .metrics()
        .then((text) => send(res, 200, text, registry.contentType))
        .catch(() => send(res, 500, { error: 'metrics unavailable' }));
      return;
    }
    send(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host ?? '0.0.0.0', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
