import type { Socket } from 'node:net';
import { useIntegrationContext } from '@secpipe/testing';
import { openClient, startWsApi } from './wsHarness';
import { eventData } from './wsMessages';

const ctx = useIntegrationContext('ws-slow');
const MESSAGES = 10_000;

describe('a client that never reads', () => {
  it('is closed with 1013 while every other client receives every message', async () => {
    const api = await startWsApi(ctx, { WS_MAX_BUFFERED_BYTES: String(256 * 1024) });
    const slow = await openClient(ctx, api.baseUrl, '/ws/events');
    const fast = [await openClient(ctx, api.baseUrl, '/ws/events'), await openClient(ctx, api.baseUrl, '/ws/events')];
    // Stop reading: the kernel buffers fill, then the server's send buffer for this socket grows.
    (slow.socket as unknown as { _socket: Socket })._socket.pause();

    // About 1 KB per message, 10 MB in all: far beyond what socket buffers absorb.
    const summary = 'x'.repeat(1000);
    for (let start = 1; start <= MESSAGES; start += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, i) => api.publisher.publish('event', eventData(start + i, { summary }))));
    }

    for (const client of fast) {
      await client.until((messages) => messages.filter((message) => message.type === 'event').length === MESSAGES, `${MESSAGES} events`, 60_000);
      const ids = client.ofType('event').map((message) => (message.data as { id: number }).id);
      expect(new Set(ids).size).toBe(MESSAGES);
    }
    const dropped = await api.deps.metrics.getSingleMetric('websocket_slow_clients_dropped_total')!.get();
    expect(dropped.values[0].value).toBe(1);

    // Reading again, the slow client drains what was queued before the close and sees its code.
    (slow.socket as unknown as { _socket: Socket })._socket.resume();
    expect((await slow.closed).code).toBe(1013);
    expect(slow.ofType('event').length).toBeLessThan(MESSAGES);
  }, 120_000);
});
