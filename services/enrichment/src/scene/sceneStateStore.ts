import { redisKey, type Redis } from '@secpipe/core';
import type { SceneState } from './sceneTracker';

/** A stored state with the revision it was read at (the compare-and-set token). */
export interface StoredSceneState {
  state: SceneState | null;
  revision: number;
}

/** Another worker saved this camera's state in between: the job retries against the new state. */
export class SceneStateConflictError extends Error {
  constructor(cameraId: string) {
    super(`scene state of camera ${cameraId} changed while this frame was compared`);
    this.name = 'SceneStateConflictError';
  }
}

// Writes only if the revision is still the one read: two replicas comparing frames of one camera
// at once can never both advance its state (the loser retries and sees the winner's frame).
const SAVE_IF_UNCHANGED = `
local current = tonumber(redis.call('HGET', KEYS[1], 'revision') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'revision', current + 1, 'meta', ARGV[2], 'reference', ARGV[3])
if ARGV[4] == '' then redis.call('HDEL', KEYS[1], 'previous') else redis.call('HSET', KEYS[1], 'previous', ARGV[4]) end
return 1
`;

interface SceneMeta {
  width: number;
  height: number;
  last_captured_ms: number;
  changed_frames: number;
}

/**
 * Per-camera scene state in Redis: one hash per camera (`<prefix>:scene:<camera>`) with the
 * reference and previous views as raw bytes (640 px wide grey: about 230 kB each for 16:9) and
 * the counters as JSON. It survives a restart of the worker; losing Redis only means the next
 * frame becomes the reference again.
 */
export class RedisSceneStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(cameraId: string): string {
    return redisKey(this.prefix, 'scene', cameraId);
  }

  async load(cameraId: string): Promise<StoredSceneState> {
    const [revision, meta, reference, previous] = await this.redis.hmgetBuffer(this.key(cameraId), 'revision', 'meta', 'reference', 'previous');
    const rev = revision ? Number(revision.toString()) : 0;
    if (!meta || !reference) return { state: null, revision: rev };
    const parsed = JSON.parse(meta.toString()) as SceneMeta;
    return {
      revision: rev,
      state: {
        width: parsed.width,
        height: parsed.height,
        reference: new Uint8Array(reference),
        previous: previous && previous.length > 0 ? new Uint8Array(previous) : null,
        lastCapturedMs: parsed.last_captured_ms,
        changedFrames: parsed.changed_frames,
      },
    };
  }

  /** Saves the state if nobody saved since `revision` was read; else throws SceneStateConflictError. */
  async save(cameraId: string, revision: number, state: SceneState): Promise<void> {
    const meta: SceneMeta = { width: state.width, height: state.height, last_captured_ms: state.lastCapturedMs, changed_frames: state.changedFrames };
    const saved = await this.redis.eval(SAVE_IF_UNCHANGED, 1, this.key(cameraId), revision, JSON.stringify(meta), Buffer.from(state.reference), state.previous ? Buffer.from(state.previous) : '');
    if (Number(saved) !== 1) throw new SceneStateConflictError(cameraId);
  }
}
