import { redisKey, type Redis } from '@secpipe/core';

export type ClaimResult = 'claimed' | 'duplicate';

/** Remembers which contents were enqueued recently, across replicas. */
export interface DedupeStore {
  /**
   * Claims a content key (camera and SHA-256) for `owner` (the upload's path); `duplicate` when it was enqueued
   * within the TTL, or another upload of this process holds the claim.
   */
  claim(hash: string, owner: string): Promise<ClaimResult>;
  markEnqueued(hash: string): Promise<void>;
}

/**
 * `<prefix>:ingest:dedupe:<camera>:<sha256>` holds `pending` from the claim until the job is added, then
 * `enqueued`, both with the TTL. A `pending` key left by a replica that crashed (or lost Redis)
 * between claim and add is not a duplicate: the upload is added again, and the job id derived
 * from the hash keeps that to one job even when the other replica is alive and racing us.
 */
export class RedisDedupeStore implements DedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private key(hash: string): string {
    return redisKey(this.prefix, 'ingest', 'dedupe', hash);
  }

  async claim(hash: string): Promise<ClaimResult> {
    const key = this.key(hash);
    const set = await this.redis.set(key, 'pending', 'EX', this.ttlSeconds, 'NX');
    if (set === 'OK') return 'claimed';
    return (await this.redis.get(key)) === 'enqueued' ? 'duplicate' : 'claimed';
  }

  async markEnqueued(hash: string): Promise<void> {
    await this.redis.set(this.key(hash), 'enqueued', 'EX', this.ttlSeconds);
  }
}

/**
 * Claims held by this process, in front of Redis: ten copies of the same bytes arriving at once
 * all see "no key yet" in Redis, so the first upload to claim a hash holds it here until its job
 * is added, and the others are duplicates. The owner's own retries after an outage pass.
 */
export class LocalClaims implements DedupeStore {
  private readonly owners = new Map<string, string>();

  constructor(private readonly shared: DedupeStore) {}

  async claim(hash: string, owner: string): Promise<ClaimResult> {
    const holder = this.owners.get(hash);
    if (holder !== undefined && holder !== owner) return 'duplicate';
    this.owners.set(hash, owner);
    const result = await this.shared.claim(hash, owner);
    if (result === 'duplicate') this.owners.delete(hash);
    return result;
  }

  async markEnqueued(hash: string): Promise<void> {
    await this.shared.markEnqueued(hash);
    this.owners.delete(hash);
  }
}
