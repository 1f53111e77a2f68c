import { redisKey, type Redis } from '@secpipe/core';
import { APPEND_SCRIPT, CLAIM_STALE_SCRIPT, CLOSE_IF_DUE_SCRIPT, CLOSE_NOW_SCRIPT, FORGET_SCRIPT } from './batchScripts';

export type CloseReason = 'timeout' | 'idle' | 'max_size' | 'fast_path';

/** Limits fixed on a batch when it opens: a runtime change applies to the next batch. */
export interface BatchLimits {
  windowMs: number;
  idleMs: number;
  maxDetections: number;
}

export interface ClosedBatchRef {
  batchId: string;
  reason: CloseReason;
}

export interface AppendResult {
  /** Batches this call closed (the open one was due, or one reached its maximum). */
  closed: ClosedBatchRef[];
  /** Detections this call added, with their batch; a detection already in a batch is absent. */
  added: Map<number, string>;
}

/** A closed batch as the hand-off reads it. */
export interface ClosedBatch {
  batchId: string;
  cameraId: string;
  detectionIds: number[];
  startedAt: Date;
  closedAt: Date;
  reason: CloseReason;
  fastPath: boolean;
  correlationId: string;
}


interface BatchCommands {
  batchAppend(...args: Array<string | number>): Promise<[string[], string[]]>;
  batchCloseIfDue(...args: Array<string | number>): Promise<string | null>;
  batchCloseNow(...args: Array<string | number>): Promise<string[]>;
  batchClaimStale(...args: Array<string | number>): Promise<string[]>;
  batchForget(...args: Array<string | number>): Promise<number>;
}

const COMMANDS: Record<keyof BatchCommands, string> = {
  batchAppend: APPEND_SCRIPT,
  batchCloseIfDue: CLOSE_IF_DUE_SCRIPT,
  batchCloseNow: CLOSE_NOW_SCRIPT,
  batchClaimStale: CLAIM_STALE_SCRIPT,
  batchForget: FORGET_SCRIPT,
};

function pairs(flat: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/**
 * Batch state in Redis, every change through one atomic script (see batchScripts.ts), so any
 * replica may append to or close any camera's batch, including a crashed replica's.
 */
export class RedisBatchStore {
  private readonly redis: Redis & BatchCommands;
  private readonly base: string;
  private readonly keys: [string, string];

  constructor(
    redis: Redis,
    prefix: string,
    private readonly assignmentTtlSeconds = 86_400,
  ) {
    for (const [name, lua] of Object.entries(COMMANDS)) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 2, lua });
    }
    this.redis = redis as Redis & BatchCommands;
    this.base = redisKey(prefix, 'batching');
    this.keys = [redisKey(prefix, 'batching', 'deadlines'), redisKey(prefix, 'batching', 'closing')];
  }

  /** Appends to the lane's open batch (`lane` defaults to the camera: its snapshots' batch). */
  async append(cameraId: string, newBatchId: string, limits: BatchLimits, correlationId: string, detectionIds: number[], lane = cameraId): Promise<AppendResult> {
    const [closed, added] = await this.redis.batchAppend(
      ...this.keys,
      this.base,
      cameraId,
      newBatchId,
      limits.windowMs,
      limits.idleMs,
      limits.maxDetections,
      this.assignmentTtlSeconds,
      correlationId,
      lane,
      ...detectionIds,
    );
    return {
      closed: pairs(closed).map(([batchId, reason]) => ({ batchId, reason: reason as CloseReason })),
      added: new Map(pairs(added).map(([detection, batchId]) => [Number(detection), batchId])),
    };
  }

  /** Closes the batch when it is open and its deadline has passed; the reason, or null. */
  async closeIfDue(batchId: string): Promise<CloseReason | null> {
    return ((await this.redis.batchCloseIfDue(...this.keys, this.base, batchId)) as CloseReason | null) ?? null;
  }

  /** Makes a batch that is closed at once; returns the detections it claimed (none: no batch). */
  async closeNow(cameraId: string, batchId: string, reason: CloseReason, fastPath: boolean, correlationId: string, detectionIds: number[]): Promise<number[]> {
    const claimed = await this.redis.batchCloseNow(...this.keys, this.base, cameraId, batchId, reason, fastPath ? 1 : 0, this.assignmentTtlSeconds, correlationId, ...detectionIds);
    return claimed.map(Number);
  }

  /** Open batches whose deadline is at or before `untilMs` (a candidate list; closeIfDue decides). */
  async dueBatchIds(untilMs: number, limit = 100): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys[0], '-inf', untilMs, 'LIMIT', 0, limit);
  }

  /** Closed batches whose hand-off stalled for `staleMs`; each is handed to one caller. */
  async claimStaleClosing(staleMs: number, limit = 100): Promise<string[]> {
    return this.redis.batchClaimStale(...this.keys, this.base, staleMs, limit);
  }

  async read(batchId: string): Promise<ClosedBatch | null> {
    const key = `${this.base}:batch:${batchId}`;
    const [hash, members] = await Promise.all([this.redis.hgetall(key), this.redis.smembers(`${key}:members`)]);
    if (hash.state !== 'closed' || members.length === 0) return null;
    return {
      batchId,
      cameraId: hash.camera,
      detectionIds: members.map(Number).sort((a, b) => a - b),
      startedAt: new Date(Number(hash.started_ms)),
      closedAt: new Date(Number(hash.closed_ms)),
      reason: hash.reason as CloseReason,
      fastPath: hash.fast === '1',
      correlationId: hash.correlation_id || `batch-${batchId}`,
    };
  }

  /** The batch a detection was assigned to, while the assignment is remembered. */
  async assignedBatch(detectionId: number): Promise<string | null> {
    return this.redis.get(`${this.base}:assigned:${detectionId}`);
  }

  async forget(batchId: string): Promise<void> {
    await this.redis.batchForget(...this.keys, this.base, batchId);
  }
}

