import { messageChannel, messageKeys, type Logger, type Redis } from '@secpipe/core';
import type { LiveClient } from './liveClient';
import type { WsMetrics, WsPath } from './wsMetrics';

/** What the fan-out reads of an envelope to route it; the text itself is forwarded unchanged. */
export interface EnvelopeHead {
  type: string;
  sequence?: number;
  timestamp?: string;
  cameraId?: string;
}

export function readEnvelopeHead(text: string): EnvelopeHead | undefined {
  try {
    const value = JSON.parse(text) as { type?: unknown; sequence?: unknown; timestamp?: unknown; data?: { camera_id?: unknown } };
    if (typeof value.type !== 'string') return undefined;
    return {
      type: value.type,
      sequence: typeof value.sequence === 'number' ? value.sequence : undefined,
      timestamp: typeof value.timestamp === 'string' ? value.timestamp : undefined,
      cameraId: typeof value.data?.camera_id === 'string' ? value.data.camera_id : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * One Redis subscriber per API process for the message catalog's channels. Each message is parsed
 * once (to route it), encoded once, and handed to every matching socket without waiting for any
 * of them: publishers and replicas never see a slow client.
 */
export class FanOut {
  private readonly clients: Record<WsPath, Set<LiveClient>> = { '/ws/events': new Set(), '/ws/system': new Set() };
  /** Highest sequence seen on this replica; sent in heartbeats so clients can spot gaps. */
  lastSequence = 0;

  private constructor(
    private readonly subscriber: Redis,
    private readonly metrics: WsMetrics,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the subscription is in place; the API serves REST without waiting for it. */
  ready: Promise<void> = Promise.resolve();

  static start(redis: Redis, prefix: string, metrics: WsMetrics, logger: Logger): FanOut {
    // A subscriber connection of its own (a subscribed client can issue nothing else). It queues
    // commands while disconnected and ioredis re-subscribes after a reconnect.
    const subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    subscriber.on('error', (error: Error) => logger.debug({ err: error }, 'websocket subscriber connection error'));
    const eventsChannel = messageChannel(prefix, 'event');
    const systemChannel = messageChannel(prefix, 'system_status');
    const fanOut = new FanOut(subscriber, metrics, logger);
    subscriber.on('message', (channel: string, text: string) => fanOut.deliver(channel === systemChannel ? '/ws/system' : '/ws/events', text));
    fanOut.ready = (async () => {
      await subscriber.subscribe(eventsChannel, systemChannel);
      try {
        const current = Number((await redis.get(messageKeys(prefix, 'event').sequence)) ?? 0);
        fanOut.lastSequence = Math.max(fanOut.lastSequence, current);
      } catch {
        // Redis not answering yet: the first delivered message sets it.
      }
    })();
    fanOut.ready.catch((error: unknown) => logger.warn({ err: error }, 'websocket subscription failed'));
    return fanOut;
  }

  add(client: LiveClient): void {
    this.clients[client.path].add(client);
    this.metrics.connected.inc({ path: client.path });
    client.socket.once('close', () => {
      this.clients[client.path].delete(client);
      this.metrics.connected.dec({ path: client.path });
    });
  }

  clientsOn(path: WsPath): ReadonlySet<LiveClient> {
    return this.clients[path];
  }

  get size(): number {
    return this.clients['/ws/events'].size + this.clients['/ws/system'].size;
  }

  /** Sends one published message to every client on `path` that wants it. */
  deliver(path: WsPath, text: string): void {
    const head = readEnvelopeHead(text);
    if (!head) {
      this.logger.warn({ path }, 'unreadable message on a websocket channel dropped');
      return;
    }
    if (head.sequence !== undefined && head.sequence > this.lastSequence) this.lastSequence = head.sequence;
    const frame = Buffer.from(text, 'utf8');
    let sent = 0;
    for (const client of this.clients[path]) {
      if (path === '/ws/events' && !client.subscription.wants(head.type, head.cameraId)) continue;
      if (client.sendText(frame)) sent += 1;
    }
    if (sent > 0) this.metrics.messagesSent.inc({ type: head.type }, sent);
    const publishedAt = head.timestamp ? Date.parse(head.timestamp) : Number.NaN;
    if (!Number.isNaN(publishedAt)) this.metrics.fanOutLatency.observe(Math.max(0, Date.now() - publishedAt) / 1000);
  }

  async close(): Promise<void> {
    try {
      await this.subscriber.quit();
    } catch {
      this.subscriber.disconnect();
    }
  }
}
