import type { BatchHandOff } from './batchHandOff';
import { fastPathBatchId, isFastPath, newBatchId, type BatchPolicy } from './batchPolicy';
import type { RedisBatchStore } from './batchStore';

export interface BatchCandidate {
  id: number;
  object_type: string;
  confidence: number;
}

/**
 * A clip's batch is not closed by size: one clip, one event (it still closes at the window, so a
 * clip whose frames take longer than the window to arrive is split there, and on idle).
 */
const CLIP_MAX_DETECTIONS = 1_000_000;

/**
 * Puts a job's batchable detections into batches: a fast-path detection is its own batch, handed
 * to analysis at once; the others join the camera's open batch. Returns the batch each detection
 * newly joined (a detection some batch already holds, from an earlier delivery, is absent).
 *
 * The frames of one uploaded clip (`clip` = the video's SHA-256) go to a batch of their own,
 * beside the camera's snapshot batch, so the camera's window closing mid-clip, a full batch or
 * snapshots arriving between frames never split a clip into two events. The fast path does not
 * apply to them: a confident person on the first frame would otherwise become one event and the
 * rest of the clip another. The clip's batch closes on idle or at the window like any other.
 */
export class Batcher {
  constructor(
    private readonly store: RedisBatchStore,
    private readonly handOff: BatchHandOff,
    private readonly policy: () => BatchPolicy,
  ) {}

  async add(cameraId: string, correlationId: string, detections: BatchCandidate[], clip?: string): Promise<Map<number, string>> {
    if (clip) return this.addClipFrame(cameraId, correlationId, detections, clip);
    const policy = this.policy();
    const joined = new Map<number, string>();
    const regular: number[] = [];
    const closed: string[] = [];
    for (const detection of detections) {
      if (!isFastPath(policy, detection)) {
        regular.push(detection.id);
        continue;
      }
      const batchId = fastPathBatchId(detection.id);
      const claimed = await this.store.closeNow(cameraId, batchId, 'fast_path', true, correlationId, [detection.id]);
      if (claimed.length > 0) {
        joined.set(detection.id, batchId);
        closed.push(batchId);
      }
    }
    if (regular.length > 0) {
      const result = await this.store.append(cameraId, newBatchId(cameraId), policy.limits, correlationId, regular);
      for (const [id, batchId] of result.added) joined.set(id, batchId);
      closed.push(...result.closed.map((ref) => ref.batchId));
    }
    await this.handOff.handOffAll(closed);
    return joined;
  }

  private async addClipFrame(cameraId: string, correlationId: string, detections: BatchCandidate[], clip: string): Promise<Map<number, string>> {
    if (detections.length === 0) return new Map();
    const { limits } = this.policy();
    const lane = `${cameraId}:video:${clip}`;
    const batchId = newBatchId(cameraId, 'video');
    const ids = detections.map((d) => d.id);
    const result = await this.store.append(cameraId, batchId, { ...limits, maxDetections: CLIP_MAX_DETECTIONS }, correlationId, ids, lane);
    await this.handOff.handOffAll(result.closed.map((ref) => ref.batchId));
    return result.added;
  }
}
