import { createServer, Socket, type Server } from 'node:net';
import { freePort } from '@secpipe/testing';

/**
 * A TCP forwarder on a port of its own to a real server (the shared PostgreSQL): `cut()` closes
 * the port and every connection through it, as a server going down looks to its clients;
 * `restore()` listens on the same port again. The shared server itself is never touched.
 */
export interface SwitchableProxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
}

export async function switchableProxy(target: { host: string; port: number }): Promise<SwitchableProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = async () => {
    server = createServer((client) => {
      const upstream = new Socket();
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      upstream.connect(target.port, target.host);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
  };
  await listen();
  return {
    port,
    async cut() {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async restore() {
      if (!server) await listen();
    },
  };
}
