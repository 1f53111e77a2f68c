import type { WebSocket } from 'ws';
import { escapedJson } from '../http/problem';
import { Subscription } from './subscriptions';
import type { WsMetrics, WsPath } from './wsMetrics';

/** Close codes (RFC 6455 and the contract). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_POLICY = 1008;
export const CLOSE_TRY_AGAIN_LATER = 1013;

export interface LiveClientLimits {
  maxBufferedBytes: number;
  idleTimeoutMs: number;
}

/**
 * One open socket: what it subscribed to and its send bound. Sends never wait for the client; a
 * client whose unsent bytes pass the bound is closed with 1013 ("try again later") and counted,
 * so a slow consumer costs at most the bound in memory and never delays anyone else.
 */
export class LiveClient {
  readonly subscription = new Subscription();
  /** False after a protocol ping until its pong arrives; a peer that stays silent is dead. */
  alive = true;
  private readonly idleTimer: NodeJS.Timeout;

  constructor(
    readonly socket: WebSocket,
    readonly path: WsPath,
    private readonly limits: LiveClientLimits,
    private readonly metrics: WsMetrics,
  ) {
    socket.on('pong', () => {
      this.alive = true;
    });
    this.idleTimer = setTimeout(() => this.close(CLOSE_NORMAL, 'Idle timeout'), limits.idleTimeoutMs);
    this.idleTimer.unref();
    socket.once('close', () => clearTimeout(this.idleTimer));
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** A message from the client restarts the idle clock. */
  touch(): void {
    this.idleTimer.refresh();
  }

  /** Writes an already-serialised text frame; false when the client is gone or was just dropped. */
  sendText(frame: Buffer | string): boolean {
    if (!this.open) return false;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.metrics.slowClientsDropped.inc();
      this.close(CLOSE_TRY_AGAIN_LATER, 'Slow consumer: send buffer full');
      return false;
    }
    this.socket.send(frame, { binary: false });
    return true;
  }

  sendJson(message: Record<string, unknown>): boolean {
    // Replies echo client input (an unknown type, a bad field): escaped as REST answers are.
    const sent = this.sendText(escapedJson(message));
    if (sent && typeof message.type === 'string') this.metrics.messagesSent.inc({ type: message.type });
    return sent;
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason);
  }
}
