import { z } from 'zod';
import { cameraIdSchema } from './cameraId';
import { riskLevelSchema } from './riskLevels';

/**
 * The pub/sub message catalog: every live message the pipeline publishes, one zod schema per
 * type (CONTRACT.md "WebSocket"). Producers validate strictly before publishing; the WebSocket
 * layer fans the same envelopes out unchanged. Channel names are a persisted contract.
 */
export const MESSAGE_CHANNELS = {
  /** Everything served on /ws/events. */
  events: 'security_events',
  /** system_status snapshots served on /ws/system. */
  system: 'system_status',
} as const;
export type MessageChannel = keyof typeof MESSAGE_CHANNELS;

const timestamp = z.iso.datetime({ offset: true });
// Alert severities are the risk levels.
const severity = riskLevelSchema;
const bbox = z.strictObject({ x: z.number(), y: z.number(), width: z.number().min(0), height: z.number().min(0) });

const eventData = z.strictObject({
  id: z.number().int().positive(),
  event_id: z.number().int().positive(),
  batch_id: z.string().min(1),
  camera_id: cameraIdSchema,
  risk_score: z.number().int().min(0).max(100),
  risk_level: riskLevelSchema,
  summary: z.string(),
  reasoning: z.string(),
  started_at: timestamp,
});

const detectionNewData = z.strictObject({
  detection_id: z.number().int().positive(),
  batch_id: z.string().min(1).nullable(),
  camera_id: cameraIdSchema,
  label: z.string().min(1),
  confidence: z.number().min(0).max(1),
  bbox,
  timestamp,
});

const detectionBatchData = z.strictObject({
  batch_id: z.string().min(1),
  camera_id: cameraIdSchema,
  detection_ids: z.array(z.number().int().positive()),
  detection_count: z.number().int().min(0),
  started_at: timestamp,
  closed_at: timestamp,
  close_reason: z.enum(['timeout', 'idle', 'max_size', 'fast_path']),
});

const alertData = z.strictObject({
  id: z.uuid(),
  event_id: z.number().int().positive(),
  rule_id: z.uuid().nullable(),
  severity,
  status: z.enum(['pending', 'delivered', 'acknowledged', 'dismissed']),
  dedup_key: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  acknowledged_at: timestamp.optional(),
  dismissed_at: timestamp.optional(),
});

const cameraStatusData = z.strictObject({
  camera_id: cameraIdSchema,
  status: z.enum(['online', 'offline']),
  previous_status: z.enum(['online', 'offline', 'error', 'unknown']).nullable(),
  last_seen_at: timestamp.nullable(),
  reason: z.string(),
});

const sceneChangeData = z.strictObject({
  id: z.union([z.number().int().positive(), z.string().min(1)]),
  camera_id: cameraIdSchema,
  kind: z.enum(['view_blocked', 'angle_changed', 'view_tampered']),
  similarity: z.number().min(-1).max(1),
  detected_at: timestamp,
});

const serviceStatusData = z.strictObject({
  service: z.string().min(1),
  status: z.enum(['healthy', 'degraded', 'unhealthy', 'stopped']),
  message: z.string(),
});

const nullableNumber = z.number().nullable();
const systemStatusData = z.strictObject({
  gpu: z
    .strictObject({
      provider: z.string().nullable(),
      utilization: nullableNumber,
      memory_used: nullableNumber,
      memory_total: nullableNumber,
      temperature: nullableNumber,
      inference_fps: nullableNumber,
    })
    .nullable(),
  cameras: z.strictObject({ active: z.number().int().min(0), total: z.number().int().min(0) }),
  queue: z.strictObject({
    pending: z.number().int().min(0),
    processing: z.number().int().min(0),
    /** The same per pipeline queue (detection, enrichment, analysis, notification). */
    by_stage: z.record(z.string(), z.strictObject({ pending: z.number().int().min(0), processing: z.number().int().min(0) })).optional(),
    /** Jobs in the dead-letter sets of every queue. */
    dead_letters: z.number().int().min(0).optional(),
  }),
  health: z.enum(['healthy', 'degraded', 'unhealthy']),
});

/** One entry per message type: its data schema and the channel it travels on. */
export const messageCatalog = {
  event: { channel: 'events', data: eventData },
  'detection.new': { channel: 'events', data: detectionNewData },
  'detection.batch': { channel: 'events', data: detectionBatchData },
  alert_created: { channel: 'events', data: alertData },
  alert_acknowledged: { channel: 'events', data: alertData },
  alert_dismissed: { channel: 'events', data: alertData },
  camera_status: { channel: 'events', data: cameraStatusData },
  scene_change: { channel: 'events', data: sceneChangeData },
  service_status: { channel: 'events', data: serviceStatusData },
  system_status: { channel: 'system', data: systemStatusData },
} as const satisfies Record<string, { channel: MessageChannel; data: z.ZodType }>;

export type MessageType = keyof typeof messageCatalog;
export const MESSAGE_TYPES = Object.keys(messageCatalog) as MessageType[];
export type MessageData<T extends MessageType> = z.output<(typeof messageCatalog)[T]['data']>;

/** What travels on a channel: `sequence` is assigned once, at publish. */
export interface MessageEnvelope<T extends MessageType = MessageType> {
  type: T;
  data: MessageData<T>;
  timestamp: string;
  sequence: number;
  requires_ack?: true;
}

/** Risk this high (or a critical level) needs a person to acknowledge it. */
export const REQUIRES_ACK_SCORE = 80;

export function requiresAck(type: MessageType, data: unknown): boolean {
  if (type !== 'event') return false;
  const { risk_score, risk_level } = data as MessageData<'event'>;
  return risk_score >= REQUIRES_ACK_SCORE || risk_level === 'critical';
}

export const messageEnvelopeSchema = z.object({
  type: z.enum(MESSAGE_TYPES as [MessageType, ...MessageType[]]),
  data: z.unknown(),
  timestamp,
  sequence: z.number().int().positive(),
  requires_ack: z.literal(true).optional(),
});

/** Validates a message's data against its type (strict: a producer's typo fails loudly). */
export function parseMessageData<T extends MessageType>(type: T, data: unknown): MessageData<T> {
  return messageCatalog[type].data.parse(data) as MessageData<T>;
}
