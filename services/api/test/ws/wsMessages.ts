import type { MessageData } from '@secpipe/core';

/** A valid `event` message body; `n` makes ids unique. */
export function eventData(n: number, overrides: Partial<MessageData<'event'>> = {}): MessageData<'event'> {
  return {
    id: n,
    event_id: n,
    batch_id: `batch-${n}`,
    camera_id: 'front_door',
    risk_score: 40,
    risk_level: 'medium',
    summary: `Person at the door (${n})`,
    reasoning: 'Seen for a short while',
    started_at: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}
