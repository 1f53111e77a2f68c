import type { Redis } from '../db/redis';
import { redisKey } from '../db/redisKeys';
import {
  MESSAGE_CHANNELS,
  messageCatalog,
  parseMessageData,
  requiresAck,
  type MessageData,
  type MessageEnvelope,
  type MessageType,
} from '../domain/messageCatalog';

/** Default number of recent messages kept per channel for clients that resync. */
export const DEFAULT_REPLAY_SIZE = 1000;

/**
 * Assigns the next sequence, stores the message in the channel's replay buffer (a sorted set
 * scored by sequence, trimmed to its size) and publishes it, atomically: a subscriber can never
 * see a sequence that a resync would not find, and two replicas never hand out the same one.
 */
const PUBLISH_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
local message = '{"sequence":' .. seq .. ',' .. string.sub(ARGV[1], 2)
redis.call('ZADD', KEYS[2], seq, message)
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[2]) + 1))
redis.call('PUBLISH', ARGV[3], message)
return seq`;

export function messageChannel(prefix: string, type: MessageType): string {
  return redisKey(prefix, 'channel', MESSAGE_CHANNELS[messageCatalog[type].channel]);
}

export function messageKeys(prefix: string, type: MessageType): { sequence: string; replay: string; channel: string } {
  const channel = messageCatalog[type].channel;
  return {
    sequence: redisKey(prefix, 'messages', 'sequence'),
    replay: redisKey(prefix, 'messages', 'replay', MESSAGE_CHANNELS[channel]),
    channel: messageChannel(prefix, type),
  };
}

/** Publishes catalog messages; data is validated strictly before anything reaches Redis. */
export class MessagePublisher {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly replaySize = DEFAULT_REPLAY_SIZE,
  ) {}

  async publish<T extends MessageType>(type: T, data: MessageData<T>, now = new Date()): Promise<MessageEnvelope<T>> {
    const valid = parseMessageData(type, data);
    const body: Omit<MessageEnvelope<T>, 'sequence'> = {
      type,
      data: valid,
      timestamp: now.toISOString(),
      ...(requiresAck(type, valid) ? { requires_ack: true as const } : {}),
    };
    const keys = messageKeys(this.prefix, type);
    const sequence = Number(await this.redis.eval(PUBLISH_SCRIPT, 2, keys.sequence, keys.replay, JSON.stringify(body), this.replaySize, keys.channel));
    return { sequence, ...body };
  }
}
