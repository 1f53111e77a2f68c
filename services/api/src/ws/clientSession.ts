import type { Logger } from '@secpipe/core';
import type { RawData } from 'ws';
import { parseClientMessage, type ClientMessage } from './clientMessages';
import type { LiveClient } from './liveClient';
import { replayAfter, type ReplaySettings } from './replay';

export interface ClientSessionDeps {
  replay: ReplaySettings;
  logger: Logger;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

async function handle(client: LiveClient, message: ClientMessage, deps: ClientSessionDeps): Promise<void> {
  switch (message.type) {
    case 'ping':
      client.sendJson({ type: 'pong' });
      return;
    case 'pong':
      return;
    case 'subscribe':
      client.subscription.subscribe(message.channels, message.camera_ids);
      client.sendJson({ type: 'subscribed', ...client.subscription.describe() });
      return;
    case 'unsubscribe':
      client.subscription.unsubscribe(message.channels, message.camera_ids);
      client.sendJson({ type: 'unsubscribed', ...client.subscription.describe() });
      return;
    case 'resync':
      await replayAfter(deps.replay, client, message.last_sequence);
  }
}

/**
 * Reads what a client sends. A bad message is answered with an error and the socket stays open;
 * any message (the JSON pong included) restarts the client's idle clock.
 */
export function serveClientMessages(client: LiveClient, deps: ClientSessionDeps): void {
  client.socket.on('message', (data) => {
    client.touch();
    const parsed = parseClientMessage(rawText(data));
    if (!parsed.ok) {
      client.sendJson({ type: 'error', error: parsed.error, message: parsed.message, ...(parsed.details !== undefined && { details: parsed.details }) });
      return;
    }
    handle(client, parsed.message, deps).catch((error: unknown) => {
      deps.logger.warn({ err: error, type: parsed.message.type }, 'websocket client message failed');
      client.sendJson({ type: 'error', error: 'internal_error', message: 'The request could not be served; try again' });
    });
  });
}
