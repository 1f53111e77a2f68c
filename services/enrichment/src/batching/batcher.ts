import type { BatchHandOff } from './batchHandOff';
import { fastPathBatchId, isFastPath, newBatchId, type BatchPolicy } from './batchPolicy';
import type { RedisBatchStore } from './batchStore';

export interface BatchCandidate {
  id: number;
  object_type: string;
  confidence: number;
}

/**
 * Puts a job's batchable detections into batches: a fast-path detection is its own batch, handed
 * to analysis at once; the others join the camera's open batch. Returns the batch each detection
 * newly joined (a detection some batch already holds, from an earlier delivery, is absent).
 */
export class Batcher {
  constructor(
    private readonly store: RedisBatchStore,
    private readonly handOff: BatchHandOff,
    private readonly policy: () => BatchPolicy,
  ) {}

  async add(cameraId: string, correlationId: string, detections: BatchCandidate[]): Promise<Map<number, string>> {
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
}
