import { readFile } from 'node:fs/promises';
import type { JobContext, MessagePublisher, SceneAlertJob, SceneCheckJob } from '@secpipe/core';
import type { PrismaSceneChangeStore } from './sceneChangeStore';
import { decodeSceneFrame, type SceneFrame } from './sceneFrame';
import type { RedisSceneStateStore } from './sceneStateStore';
import { trackScene, type SceneOutcome, type SceneSettings } from './sceneTracker';

export interface SceneCheckDeps {
  states: Pick<RedisSceneStateStore, 'load' | 'save'>;
  changes: Pick<PrismaSceneChangeStore, 'record'>;
  publisher: Pick<MessagePublisher, 'publish'>;
  /** The runtime settings scene_change_enabled, scene_change_threshold and scene_change_frames, read per frame. */
  settings: () => SceneCheckSettings;
  /** The analyzer raises an event for each change and runs the alert rules on it. */
  sceneAlerts: { enqueue(payload: SceneAlertJob): Promise<string> };
}

export interface SceneCheckSettings extends SceneSettings {
  enabled: boolean;
}

export interface SceneCheckResult {
  outcome: SceneOutcome['type'] | 'image_gone' | 'disabled';
  similarity?: number;
  scene_change_id?: number;
}

/**
 * One frame of a camera against its reference view: decode (grey, 640 px), compare and count in
 * captured order (sceneTracker), store and announce a confirmed change and hand it to the
 * analyzer (`scene_alert`: its event and the alert rules), then save the camera's state. The change is written before the state, so a crash in between replays the same decision
 * and the unique (camera, detected_at) keeps one row; the message may then go out twice, never
 * not at all. A vanished or undecodable image is skipped: the next frame carries the check.
 */
export function createSceneCheckHandler(deps: SceneCheckDeps) {
  return async (job: SceneCheckJob, context: JobContext): Promise<SceneCheckResult> => {
    const settings = deps.settings();
    // Switched off (e.g. a camera that pans on purpose): nothing is read or compared. The stored
    // reference stays; switched on again, the first frames re-adapt it or record one change.
    if (!settings.enabled) return { outcome: 'disabled' };
    const frame = await loadFrame(job.file_path);
    if (!frame) {
      context.logger.info({ camera_id: job.camera_id, file_path: job.file_path }, 'scene check skipped: image gone or unreadable');
      return { outcome: 'image_gone' };
    }
    const stored = await deps.states.load(job.camera_id);
    const { state, outcome } = trackScene(stored.state, frame, Date.parse(job.captured_at), settings);
    let sceneChangeId: number | undefined;
    if (outcome.type === 'changed') {
      const change = await deps.changes.record({ camera_id: job.camera_id, kind: outcome.classification.kind, similarity: outcome.similarity, detected_at: new Date(job.captured_at) });
      sceneChangeId = change.id;
      await deps.publisher.publish('scene_change', { id: change.id, camera_id: change.camera_id, kind: change.kind, similarity: change.similarity, detected_at: change.detected_at.toISOString() });
      context.logger.warn({ camera_id: job.camera_id, scene_change_id: change.id, kind: change.kind, similarity: outcome.similarity }, 'scene change recorded');
      await deps.sceneAlerts.enqueue({ v: 1, scene_change_id: change.id, camera_id: change.camera_id, correlation_id: job.correlation_id });
    }
    if (state) await deps.states.save(job.camera_id, stored.revision, state);
    const similarity = 'similarity' in outcome ? outcome.similarity : undefined;
    context.logger.debug({ camera_id: job.camera_id, outcome: outcome.type, similarity }, 'scene checked');
    return { outcome: outcome.type, similarity, scene_change_id: sceneChangeId };
  };
}

async function loadFrame(filePath: string): Promise<SceneFrame | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return await decodeSceneFrame(bytes);
  } catch {
    // The detector decoded it already; bytes sharp cannot read now are truncated or replaced.
    return null;
  }
}
