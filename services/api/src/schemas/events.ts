import { z } from 'zod';
import { RISK_LEVELS } from '@secpipe/core';
import {
  booleanQuery,
  cameraIdParam,
  dateRangeIsOrdered,
  dateRangeMessage,
  isoDateQuery,
  pageOf,
  paginationQuery,
  timestamp,
} from './common';

export const riskLevelSchema = z.enum(RISK_LEVELS);

export const eventSchema = z
  .object({
    id: z.int(),
    batch_id: z.string(),
    camera_id: z.string(),
    started_at: timestamp(),
    ended_at: timestamp().nullable(),
    risk_score: z.int().min(0).max(100),
    risk_level: riskLevelSchema,
    summary: z.string(),
    reasoning: z.string(),
    reviewed: z.boolean(),
    notes: z.string().nullable(),
    is_fast_path: z.boolean(),
    detection_count: z.int().min(0),
    detection_ids: z.array(z.int()),
    object_types: z.array(z.string()),
    thumbnail_url: z.string().nullable(),
    analysis_source: z.enum(['llm', 'rules', 'fallback']),
  })
  .openapi('Event');
export type EventJson = z.input<typeof eventSchema>;

export const eventPageSchema = pageOf(eventSchema, 'EventPage');

export const eventListQuery = paginationQuery
  .extend({
    camera_id: cameraIdParam().optional(),
    risk_level: riskLevelSchema.optional(),
    start_date: isoDateQuery().optional(),
    end_date: isoDateQuery().optional(),
    reviewed: booleanQuery().optional(),
    object_type: z.string().min(1).max(50).optional(),
    q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Full-text search over summary, reasoning, object types and camera name' }),
  })
  .refine(dateRangeIsOrdered, dateRangeMessage);
export type EventFilters = z.output<typeof eventListQuery>;

export const eventStatsQuery = z
  .object({ camera_id: cameraIdParam().optional(), start_date: isoDateQuery().optional(), end_date: isoDateQuery().optional() })
  .refine(dateRangeIsOrdered, dateRangeMessage);
export type EventStatsFilters = z.output<typeof eventStatsQuery>;

export const eventStatsSchema = z
  .object({
    total_events: z.int().min(0),
    events_by_risk_level: z.object({ low: z.int(), medium: z.int(), high: z.int(), critical: z.int() }),
    events_by_camera: z.array(z.object({ camera_id: z.string(), camera_name: z.string(), event_count: z.int() })),
  })
  .openapi('EventStats');
export type EventStats = z.input<typeof eventStatsSchema>;

/** Review state only, with strict types: `"yes"` for a boolean or an unknown field is a 422. */
export const updateEventBody = z
  .object({
    reviewed: z.boolean().optional(),
    notes: z.string().max(10_000).nullable().optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'at least one of reviewed, notes is required')
  .openapi('UpdateEvent');

export interface EventRow {
  id: number;
  batch_id: string;
  camera_id: string;
  started_at: Date;
  ended_at: Date | null;
  risk_score: number;
  risk_level: EventJson['risk_level'];
  summary: string;
  reasoning: string;
  reviewed: boolean;
  notes: string | null;
  is_fast_path: boolean;
  detection_count: number;
  detection_ids: number[] | null;
  object_types: string[] | null;
  thumbnail_url: string | null;
  analysis_source: EventJson['analysis_source'];
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function toEventJson(row: EventRow): EventJson {
  return {
    id: row.id,
    batch_id: row.batch_id,
    camera_id: row.camera_id,
    started_at: iso(row.started_at),
    ended_at: row.ended_at ? iso(row.ended_at) : null,
    risk_score: row.risk_score,
    risk_level: row.risk_level,
    summary: row.summary,
    reasoning: row.reasoning,
    reviewed: row.reviewed,
    notes: row.notes,
    is_fast_path: row.is_fast_path,
    detection_count: row.detection_count,
    detection_ids: (row.detection_ids ?? []).map(Number),
    object_types: row.object_types ?? [],
    thumbnail_url: row.thumbnail_url,
    analysis_source: row.analysis_source,
  };
}
