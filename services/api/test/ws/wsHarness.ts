import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessagePublisher } from '@secpipe/core';
import type { IntegrationContext as IntegrationContextLike } from '@secpipe/testing';
import WebSocket from 'ws';
import { buildTestApp } from '../testApp';
import { attachWebSockets, type WebSockets } from '../../src/ws/attachWebSockets';
import type { ApiDeps } from '../../src/deps';

export interface WsApi {
  baseUrl: string;
  deps: ApiDeps;
  sockets: WebSockets;
  publisher: MessagePublisher;
}

/** A real API replica on a loopback port with the WebSocket layer attached; closed with the file. */
export async function startWsApi(ctx: IntegrationContextLike, env: Record<string, string> = {}, overrides: Partial<ApiDeps> = {}): Promise<WsApi> {
  const { app, deps } = buildTestApp(ctx, overrides, env);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const sockets = attachWebSockets(server, deps);
  await sockets.ready;
  ctx.onClose(async () => {
    await sockets.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `ws://127.0.0.1:${port}`, deps, sockets, publisher: new MessagePublisher(deps.redis, deps.config.QUEUE_PREFIX, deps.config.WS_REPLAY_SIZE) };
}

export interface Closed {
  code: number;
  reason: string;
}

/** A test client that records every message, with awaitable predicates instead of sleeps. */
export class TestClient {
  /** How many messages of each type nextOfType has returned. */
  private readonly returned = new Map<string, number>();
  readonly messages: Array<Record<string, unknown>> = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<Closed>;
  private waiters: Array<() => void> = [];

  constructor(readonly socket: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.closed.catch(() => undefined);
    this.opened.catch(() => undefined);
    socket.on('message', (data) => {
      const text = data.toString();
      this.messages.push(JSON.parse(text) as Record<string, unknown>);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  ofType(type: string): Array<Record<string, unknown>> {
    return this.messages.filter((message) => message.type === type);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves once `condition` holds over the messages received so far. */
  async until(condition: (messages: Array<Record<string, unknown>>) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this.messages)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.slice(-5))}`);
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
      });
    }
  }

  /**
   * The next message of `type` this method has not returned yet. A cursor, not a count taken at
   * the call: a message that arrives between a publish and this call is not skipped.
   */
  async nextOfType(type: string, timeoutMs?: number): Promise<Record<string, unknown>> {
    const index = this.returned.get(type) ?? 0;
    await this.until((messages) => messages.filter((message) => message.type === type).length > index, `a ${type} message`, timeoutMs);
    this.returned.set(type, index + 1);
    return this.ofType(type)[index];
  }

  close(): Promise<Closed> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close();
    return this.closed;
  }
}

export function connect(baseUrl: string, path: string, options: { protocols?: string[]; origin?: string; headers?: Record<string, string> } = {}): TestClient {
  return new TestClient(new WebSocket(`${baseUrl}${path}`, options.protocols ?? [], { origin: options.origin, headers: options.headers }));
}

/** Opens clients and closes them when the file ends. */
export async function openClient(ctx: IntegrationContextLike, baseUrl: string, path: string, options?: Parameters<typeof connect>[2]): Promise<TestClient> {
  const client = connect(baseUrl, path, options);
  ctx.onClose(() => client.socket.terminate());
  await client.opened;
  return client;
}
