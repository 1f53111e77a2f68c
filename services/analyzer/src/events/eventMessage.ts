import type { MessageData } from '@secpipe/core';
import type { StoredEvent } from './eventStore';

/** The `event` message of the catalog, from a stored event. */
export function eventMessage(event: StoredEvent): MessageData<'event'> {
  return {
    id: event.id,
    event_id: event.id,
    batch_id: event.batch_id,
    camera_id: event.camera_id,
    risk_score: event.risk_score,
    risk_level: event.risk_level,
    summary: event.summary,
    reasoning: event.reasoning,
    started_at: new Date(event.started_at).toISOString(),
  };
}
