import { createHmac } from 'node:crypto';
import { PermanentError, isTransientStatus, type NotificationChannel } from '@secpipe/core';
import { request } from 'undici';
import type { NotificationContent } from './notificationContent';
import type { NotificationSender } from './notificationSender';

export interface WebhookSettings {
  url: string;
  secret?: string;
  timeoutMs: number;
}

export const SIGNATURE_HEADER = 'x-secpipe-signature';
export const TIMESTAMP_HEADER = 'x-secpipe-timestamp';

/**
 * `sha256=<hex HMAC of "<timestamp>.<body>">`: the receiver recomputes it with the shared secret
 * and rejects stale timestamps, so a captured request cannot be replayed later.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** POSTs the alert as JSON, signed with HMAC-SHA256 and a timestamp. */
export class WebhookSender implements NotificationSender {
  readonly channel: NotificationChannel = 'webhook';

  constructor(private readonly settings: WebhookSettings) {}

  async send(content: NotificationContent, now = new Date()): Promise<void> {
    const body = JSON.stringify({ type: 'alert', ...content });
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, 'user-agent': 'secpipe-analyzer' };
    if (this.settings.secret) headers[SIGNATURE_HEADER] = webhookSignature(this.settings.secret, timestamp, body);
    const response = await request(this.settings.url, { method: 'POST', headers, body, headersTimeout: this.settings.timeoutMs, bodyTimeout: this.settings.timeoutMs });
    await response.body.dump();
    if (response.statusCode < 300) return;
    const message = `webhook answered ${response.statusCode}`;
    throw isTransientStatus(response.statusCode) ? Object.assign(new Error(message), { status: response.statusCode }) : new PermanentError(message, 'webhook_rejected');
  }

  async close(): Promise<void> {}
}
