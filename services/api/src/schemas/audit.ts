import { z } from 'zod';
import type { AuditLog } from '@secpipe/core';
import { dateRangeIsOrdered, dateRangeMessage, isoDateQuery, pageOf, paginationQuery, timestamp } from './common';

export const auditEntrySchema = z
  .object({
    id: z.int(),
    timestamp: timestamp(),
    action: z.string().openapi({ description: '`<resource>.<verb>`, e.g. alert.acknowledge, camera.update, config.update' }),
    resource_type: z.string(),
    resource_id: z.string().nullable(),
    actor: z.string().openapi({ description: 'The API key id (first 12 hex digits of its SHA-256), `local` when auth is off, `system` for workers' }),
    ip_address: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'What changed: the fields set, the transition made, or why it failed' }),
    status: z.enum(['success', 'failure']),
  })
  .openapi('AuditEntry');
export type AuditEntryJson = z.input<typeof auditEntrySchema>;

export const auditPageSchema = pageOf(auditEntrySchema, 'AuditPage');

export const auditListQuery = paginationQuery
  .extend({
    action: z.string().min(1).max(50).optional(),
    resource_type: z.string().min(1).max(50).optional(),
    resource_id: z.string().min(1).max(255).optional(),
    actor: z.string().min(1).max(100).optional(),
    start_date: isoDateQuery().optional(),
    end_date: isoDateQuery().optional(),
  })
  .refine(dateRangeIsOrdered, dateRangeMessage);
export type AuditFilters = z.output<typeof auditListQuery>;

export type AuditRow = Omit<AuditLog, 'details'> & { details: unknown };

export function toAuditJson(row: AuditRow): AuditEntryJson {
  return {
    id: row.id,
    timestamp: new Date(row.timestamp).toISOString(),
    action: row.action,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    actor: row.actor,
    ip_address: row.ip_address,
    details: (row.details ?? null) as Record<string, unknown> | null,
    status: row.status === 'failure' ? 'failure' : 'success',
  };
}
