import { z } from 'zod';
import { RISK_LEVELS, ruleScheduleSchema, type Alert, type AlertRule } from '@secpipe/core';
import { pageOf, paginationQuery, timestamp } from './common';

export const severitySchema = z.enum(RISK_LEVELS);
export const alertStatusSchema = z.enum(['pending', 'delivered', 'acknowledged', 'dismissed']);

// Rebuilt here: zod schemas made before the OpenAPI extension loads have no `.openapi()`.
export const scheduleSchema = z.strictObject(ruleScheduleSchema.shape).openapi('AlertSchedule');

const tokenList = (max: number) => z.array(z.string().trim().min(1).max(100)).max(max);

const ruleFields = {
  name: z.string().trim().min(1).max(255),
  description: z.string().max(2000).nullable(),
  enabled: z.boolean(),
  severity: severitySchema,
  risk_threshold: z.int().min(0).max(100).nullable(),
  object_types: tokenList(50),
  camera_ids: tokenList(200),
  zone_ids: tokenList(200),
  min_confidence: z.number().min(0).max(1).nullable(),
  scene_change: z.boolean().openapi({ description: 'true: the rule matches scene-change events (camera covered, turned, tampered with) and nothing else; false: it never matches them' }),
  schedule: scheduleSchema.nullable(),
  dedup_key_template: z.string().min(1).max(255),
  cooldown_seconds: z.int().min(0).max(86_400 * 7),
  channels: tokenList(20),
};

export const alertRuleSchema = z
  .object({
    id: z.uuid(),
    ...ruleFields,
    name: z.string(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('AlertRule');
export type AlertRuleJson = z.input<typeof alertRuleSchema>;
export const alertRulePageSchema = pageOf(alertRuleSchema, 'AlertRulePage');

export const createAlertRuleBody = z
  .object({
    name: ruleFields.name,
    description: ruleFields.description.optional(),
    enabled: ruleFields.enabled.optional(),
    severity: ruleFields.severity.optional(),
    risk_threshold: ruleFields.risk_threshold.optional(),
    object_types: ruleFields.object_types.optional(),
    camera_ids: ruleFields.camera_ids.optional(),
    zone_ids: ruleFields.zone_ids.optional(),
    min_confidence: ruleFields.min_confidence.optional(),
    scene_change: ruleFields.scene_change.optional(),
    schedule: ruleFields.schedule.optional(),
    dedup_key_template: ruleFields.dedup_key_template.optional(),
    cooldown_seconds: ruleFields.cooldown_seconds.optional(),
    channels: ruleFields.channels.optional(),
  })
  .strict()
  .openapi('CreateAlertRule');

/** PUT takes any subset of the fields. */
export const updateAlertRuleBody = createAlertRuleBody
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'at least one field is required')
  .openapi('UpdateAlertRule');

export const testAlertRuleBody = z
  .object({
    limit: z.int().min(1).max(1000).default(100).openapi({ description: 'How many of the most recent events to test' }),
    event_ids: z.array(z.int().min(1)).min(1).max(1000).optional().openapi({ description: 'Test these events instead of the most recent ones' }),
  })
  .strict()
  .openapi('TestAlertRule');

export const alertRuleTestResultSchema = z
  .object({
    rule_id: z.uuid(),
    events_tested: z.int(),
    matched_count: z.int(),
    matched_event_ids: z.array(z.int()),
    results: z.array(
      z.object({
        event_id: z.int(),
        camera_id: z.string(),
        risk_score: z.int(),
        started_at: timestamp(),
        matches: z.boolean(),
        reasons: z.array(z.string()),
      }),
    ),
  })
  .openapi('AlertRuleTestResult');
export type AlertRuleTestResult = z.input<typeof alertRuleTestResultSchema>;

export const alertSchema = z
  .object({
    id: z.uuid(),
    event_id: z.int(),
    rule_id: z.uuid().nullable(),
    severity: severitySchema,
    status: alertStatusSchema,
    dedup_key: z.string(),
    channels: z.array(z.string()),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
    delivered_at: timestamp().nullable(),
  })
  .openapi('Alert');
export type AlertJson = z.input<typeof alertSchema>;
export const alertPageSchema = pageOf(alertSchema, 'AlertPage');

export const alertListQuery = paginationQuery.omit({ cursor: true }).extend({ status: alertStatusSchema.optional(), severity: severitySchema.optional() });

export function toAlertRuleJson(rule: AlertRule): AlertRuleJson {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    severity: rule.severity,
    risk_threshold: rule.risk_threshold,
    object_types: rule.object_types,
    camera_ids: rule.camera_ids,
    zone_ids: rule.zone_ids,
    min_confidence: rule.min_confidence,
    scene_change: rule.scene_change,
    schedule: (rule.schedule ?? null) as AlertRuleJson['schedule'],
    dedup_key_template: rule.dedup_key_template,
    cooldown_seconds: rule.cooldown_seconds,
    channels: rule.channels,
    created_at: rule.created_at.toISOString(),
    updated_at: rule.updated_at.toISOString(),
  };
}

export function toAlertJson(alert: Alert): AlertJson {
  return {
    id: alert.id,
    event_id: alert.event_id,
    rule_id: alert.rule_id,
    severity: alert.severity,
    status: alert.status,
    dedup_key: alert.dedup_key,
    channels: alert.channels,
    metadata: (alert.metadata ?? null) as Record<string, unknown> | null,
    created_at: alert.created_at.toISOString(),
    updated_at: alert.updated_at.toISOString(),
    delivered_at: alert.delivered_at?.toISOString() ?? null,
  };
}
