import { riskLevelFor, type JobContext, type MessagePublisher, type RiskThresholds, type SceneAlertJob } from '@secpipe/core';
import type { EventFollowUp } from '../events/analysisJobHandler';
import { eventMessage } from '../events/eventMessage';
import type { EventStore } from '../events/eventStore';
import type { SceneChangeRow, SceneEventStore } from './sceneEventStore';

/**
 * Risk of a scene change event: high (and at REQUIRES_ACK_SCORE, so a person is asked to
 * acknowledge it). A covered or turned camera is what an intruder does first, yet the view alone
 * does not show an intrusion, so it stays below critical.
 */
export const SCENE_CHANGE_RISK_SCORE = 80;

const WHAT: Record<string, string> = {
  view_blocked: 'view blocked (dark or covered)',
  angle_changed: 'camera turned (the scene moved)',
  view_tampered: 'view changed (tampered with or obstructed)',
};

export interface SceneAlertDeps {
  scenes: Pick<SceneEventStore, 'load' | 'insert'>;
  events: Pick<EventStore, 'findByBatch'>;
  publisher: Pick<MessagePublisher, 'publish'>;
  thresholds: () => RiskThresholds;
  /** The alert rules (AlertEngine), as for every event. */
  followUps: EventFollowUp[];
}

export const sceneEventBatchId = (sceneChangeId: number) => `scene_change_${sceneChangeId}`;

/**
 * A recorded scene change becomes an event of its own (no detections, risk high, linked from
 * `scene_changes.event_id`), published like any event, and the alert rules run on it: rules with
 * `scene_change: true` match it. Written once per change; a redelivery repeats only the
 * idempotent steps after the commit (the `event` message at least once, alerts once).
 */
export function createSceneAlertHandler(deps: SceneAlertDeps) {
  return async (job: SceneAlertJob, context: JobContext): Promise<{ event_id: number; created: boolean } | { skipped: string }> => {
    const change = await deps.scenes.load(job.scene_change_id);
    if (!change) return { skipped: 'scene change deleted' };
    const batchId = sceneEventBatchId(change.id);
    const created = await deps.scenes.insert({ batchId, change, riskScore: SCENE_CHANGE_RISK_SCORE, riskLevel: riskLevelFor(SCENE_CHANGE_RISK_SCORE, deps.thresholds()), ...describe(change) });
    const event = await deps.events.findByBatch(batchId);
    if (!event) throw new Error(`event of scene change ${change.id} vanished between two reads`);
    if (created) context.logger.info({ scene_change_id: change.id, event_id: event.id, camera_id: change.camera_id }, 'scene change event written');
    await deps.publisher.publish('event', eventMessage(event));
    for (const followUp of deps.followUps) await followUp.afterEvent(event, context, created);
    return { event_id: event.id, created };
  };
}

function describe(change: SceneChangeRow): { summary: string; reasoning: string } {
  const what = WHAT[change.kind] ?? change.kind;
  return {
    summary: `${change.camera_name}: ${what}`,
    reasoning: `The camera's view stopped matching its reference view (structural similarity ${change.similarity.toFixed(2)}) for several frames in a row: ${what}.`,
  };
}
