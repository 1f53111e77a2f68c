import { Client } from 'pg';
import { poolConfigFromUrl, type Logger } from '@secpipe/core';

/** The channel the database's change triggers notify (migration `change_notifications`). */
export const CHANGE_CHANNEL = 'secpipe_changes';

/** Tables whose writes the database announces. */
export type WatchedTable = 'cameras' | 'events' | 'event_detections' | 'detections';

/** Names the listening connection in pg_stat_activity. */
export const CHANGE_FEED_APPLICATION_NAME = 'secpipe-api-change-feed';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

/**
 * Follows the database's change notifications on one dedicated connection, as a version per
 * table. A reader that remembers an answer with the version it was computed at knows the answer
 * is current while the version stands. While the connection is down nothing can be known:
 * `version()` answers null, and every (re)connect starts a new epoch, since writes may have
 * been missed meanwhile.
 */
export class ChangeFeed {
  private client: Client | null = null;
  private readonly counters = new Map<string, number>();
  private epoch = 0;
  private closed = false;
  private reconnectMs = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private inFlight: Promise<boolean> | null = null;
  private queued: Promise<boolean> | null = null;
  /** Settles when the first attempt to listen has succeeded or failed (retries go on). */
  readonly ready: Promise<void>;

  private constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {
    this.ready = this.connect();
  }

  /** Starts listening in the background; when the database is unreachable it keeps trying. */
  static start(databaseUrl: string, logger: Logger): ChangeFeed {
    return new ChangeFeed(databaseUrl, logger);
  }

  get listening(): boolean {
    return this.client !== null;
  }

  /** The combined version of `tables`, or null while changes cannot be followed. */
  version(tables: readonly WatchedTable[]): string | null {
    if (!this.client) return null;
    return `${this.epoch}:${tables.map((table) => this.counters.get(table) ?? 0).join('.')}`;
  }

  /**
   * Resolves once every change committed before the call has been counted: a round trip on the
   * listening connection, whose backend sends pending notifications ahead of the reply. Calls
   * that arrive while one round trip is out share the next one. False while not listening.
   */
  sync(): Promise<boolean> {
    if (!this.client) return Promise.resolve(false);
    if (!this.inFlight) {
      this.inFlight = this.roundTrip().finally(() => {
        this.inFlight = null;
      });
      return this.inFlight;
    }
    this.queued ??= this.inFlight.then(() => {
      this.queued = null;
      return this.sync();
    });
    return this.queued;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private async roundTrip(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      await client.query('SELECT 1');
      return this.client === client;
    } catch {
      return false;
    }
  }

  private async connect(): Promise<void> {
    const client = new Client({ ...poolConfigFromUrl(this.databaseUrl), connectionTimeoutMillis: 5000, application_name: CHANGE_FEED_APPLICATION_NAME });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      this.counters.set(message.payload, (this.counters.get(message.payload) ?? 0) + 1);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.scheduleReconnect(error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.epoch += 1;
    this.client = client;
    this.reconnectMs = RECONNECT_MIN_MS;
    this.logger.debug({ epoch: this.epoch }, 'listening for database changes');
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    if (!this.closed) this.scheduleReconnect(error);
  }

  private scheduleReconnect(error: unknown): void {
    if (this.closed) return;
    this.logger.warn({ err: error, retry_in_ms: this.reconnectMs }, 'not following database changes; responses are not cached until reconnected');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.reconnectMs);
    this.reconnectTimer.unref();
    this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MAX_MS);
  }
}
