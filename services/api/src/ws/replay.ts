import { messageKeys, type Redis } from '@secpipe/core';
import { readEnvelopeHead } from './fanOut';
import type { LiveClient } from './liveClient';

export interface ReplaySettings {
  redis: Redis;
  prefix: string;
  /** WS_REPLAY_SIZE: the publishers' buffer size; a full buffer may have dropped what a client missed. */
  replaySize: number;
}

/** Flags a stored envelope as a replay without re-serialising it. */
export function asReplay(text: string): string {
  return `${text.slice(0, -1)},"replay":true}`;
}

/**
 * Answers `resync`: every buffered message after `lastSequence` that the client subscribes to,
 * oldest first and flagged `replay: true`; or `resync_required` when the gap is older than the
 * buffer. Sequences are global (every channel draws from one counter), so a gap in one channel's
 * buffer is normal; only a full buffer whose oldest entry is past the client's next sequence may
 * have dropped something the client missed.
 */
export async function replayAfter(settings: ReplaySettings, client: LiveClient, lastSequence: number): Promise<void> {
  const key = messageKeys(settings.prefix, client.path === '/ws/system' ? 'system_status' : 'event').replay;
  const [[, oldest], [, size]] = (await settings.redis.multi().zrange(key, 0, 0, 'WITHSCORES').zcard(key).exec()) as [[null, string[]], [null, number]];
  const oldestSequence = oldest.length === 2 ? Number(oldest[1]) : undefined;
  if (oldestSequence !== undefined && oldestSequence > lastSequence + 1 && size >= settings.replaySize) {
    client.sendJson({ type: 'resync_required', last_sequence: lastSequence, oldest_sequence: oldestSequence });
    return;
  }
  const missed = await settings.redis.zrangebyscore(key, `(${lastSequence}`, '+inf');
  for (const text of missed) {
    const head = readEnvelopeHead(text);
    if (!head || (client.path === '/ws/events' && !client.subscription.wants(head.type, head.cameraId))) continue;
    if (!client.sendText(asReplay(text))) return;
  }
}
