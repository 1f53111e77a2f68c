import { redisKey, type Redis } from '@secpipe/core';

/**
 * Claims the cooldown of a dedup key for one event in a single atomic step: the key is set with
 * its expiry when free; an event that already holds it (a redelivered job after a crash between
 * claim and insert) keeps it. Two events at once for the same key: exactly one wins. Never
 * check-then-insert.
 */
const CLAIM_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then return 1 end
return 0`;

export interface AlertCooldown {
  /** True when this event may raise the alert for the key. */
  claim(dedupKey: string, eventId: number, cooldownSeconds: number): Promise<boolean>;
}

export class RedisAlertCooldown implements AlertCooldown {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async claim(dedupKey: string, eventId: number, cooldownSeconds: number): Promise<boolean> {
    if (cooldownSeconds <= 0) return true;
    const key = redisKey(this.prefix, 'alert-cooldown', dedupKey);
    return Number(await this.redis.eval(CLAIM_SCRIPT, 1, key, String(eventId), cooldownSeconds * 1000)) === 1;
  }
}
