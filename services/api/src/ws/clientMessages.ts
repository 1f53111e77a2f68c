import { z } from 'zod';
import { unknownPatterns } from './subscriptions';

const subscriptionShape = {
  channels: z.array(z.string().min(1).max(100)).max(100).default([]),
  camera_ids: z.array(z.string().min(1).max(100)).max(1000).default([]),
};

/** Messages a client may send (CONTRACT.md "WebSocket", client -> server). */
const clientMessageSchemas = {
  ping: z.object({ type: z.literal('ping') }),
  pong: z.object({ type: z.literal('pong') }),
  subscribe: z.object({ type: z.literal('subscribe'), ...subscriptionShape }),
  unsubscribe: z.object({ type: z.literal('unsubscribe'), ...subscriptionShape }),
  resync: z.object({ type: z.literal('resync'), last_sequence: z.number().int().min(0) }),
};

export type ClientMessage =
  | { type: 'ping' }
  | { type: 'pong' }
  | { type: 'subscribe' | 'unsubscribe'; channels: string[]; camera_ids: string[] }
  | { type: 'resync'; last_sequence: number };

export type ClientMessageError = 'invalid_json' | 'unknown_message_type' | 'invalid_message_format';

export type ParsedClientMessage = { ok: true; message: ClientMessage } | { ok: false; error: ClientMessageError; message: string; details?: unknown };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Parses one text frame; the plain text `ping` is accepted as the original's clients send it. */
export function parseClientMessage(text: string): ParsedClientMessage {
  if (text.trim() === 'ping') return { ok: true, message: { type: 'ping' } };
  const json = parseJson(text);
  if (!json.ok) return { ok: false, error: 'invalid_json', message: 'Message is not valid JSON' };
  const value = json.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { type?: unknown }).type !== 'string') {
    return { ok: false, error: 'invalid_message_format', message: 'Message must be an object with a string "type"' };
  }
  const type = (value as { type: string }).type;
  if (!Object.hasOwn(clientMessageSchemas, type)) {
    return { ok: false, error: 'unknown_message_type', message: `Unknown message type: ${type.slice(0, 50)}`, details: { supported: Object.keys(clientMessageSchemas) } };
  }
  const parsed = clientMessageSchemas[type as keyof typeof clientMessageSchemas].safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
    return { ok: false, error: 'invalid_message_format', message: `Invalid ${type} message`, details: { errors: issues } };
  }
  const message = parsed.data as ClientMessage;
  if (message.type === 'subscribe' || message.type === 'unsubscribe') {
    const unknown = unknownPatterns(message.channels);
    if (unknown.length > 0) return { ok: false, error: 'invalid_message_format', message: 'Unknown channels', details: { unknown_channels: unknown } };
  }
  return { ok: true, message };
}
