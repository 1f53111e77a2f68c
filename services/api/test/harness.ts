import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

// One import point for suites outside this package (tests/security): supertest, the
// integration harness and the app builder resolve from here.
export { default as request } from 'supertest';
export { alertFactory, cameraFactory, detectionFactory, eventFactory, useIntegrationContext, zoneFactory } from '@secpipe/testing';
export type { IntegrationContext } from '@secpipe/testing';
export { buildTestApp } from './testApp';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Sends `path` byte for byte. HTTP client libraries normalise `..` and re-encode paths before
 * sending, which would hide exactly the traversal attempts a test wants to make.
 */
export async function rawRequest(app: Express, method: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<RawResponse>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { connection: 'close', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
