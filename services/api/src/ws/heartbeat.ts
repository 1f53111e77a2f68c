import type { FanOut } from './fanOut';
import type { LiveClient } from './liveClient';

/**
 * Every interval, each client gets the JSON ping the original sends (`{"type":"ping","last_seq":N}`,
 * N the newest sequence this replica has seen, so a client can notice a gap) and a protocol ping.
 * A client that did not answer the previous protocol ping is dead (half-open TCP) and is
 * terminated: its socket would otherwise hold memory until the idle timeout.
 */
export function startWsHeartbeat(fanOut: FanOut, intervalMs: number): { stop(): void } {
  const beat = (client: LiveClient) => {
    if (!client.alive) {
      client.socket.terminate();
      return;
    }
    client.alive = false;
    client.socket.ping();
    client.sendJson({ type: 'ping', last_seq: fanOut.lastSequence });
  };
  const timer = setInterval(() => {
    for (const client of fanOut.clientsOn('/ws/events')) beat(client);
    for (const client of fanOut.clientsOn('/ws/system')) beat(client);
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
