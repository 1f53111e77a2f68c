import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from '@secpipe/core';
import { detectRoutes, type DetectRouteDeps } from './detectRoutes';
import { problemMiddleware } from './httpErrors';

export function createDetectorApp(deps: DetectRouteDeps & { logger: Logger }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(detectRoutes(deps));
  app.use((_req, res) => {
    res.status(404).type('application/problem+json').json({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such route' });
  });
  app.use(problemMiddleware(deps.logger));
  return app;
}

export interface RunningHttpServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0 = any free port); close() stops accepting and ends idle connections. */
export async function startDetectorHttpServer(app: Express, port: number, host = '0.0.0.0'): Promise<RunningHttpServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
