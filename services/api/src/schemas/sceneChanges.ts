import { z } from 'zod';
import type { SceneChange } from '@secpipe/core';
import { paginationQuery } from '../http/pagination';
import { booleanQuery, pageOf, timestamp } from './common';

export const sceneChangeSchema = z
  .object({
    id: z.int().min(1),
    camera_id: z.string(),
    kind: z.enum(['view_blocked', 'angle_changed', 'view_tampered']).openapi({ description: 'view_blocked: dark or uniform view; angle_changed: the scene found again, displaced; view_tampered: anything else' }),
    similarity: z.number().min(-1).max(1).openapi({ description: 'SSIM of the confirming frame against the reference view' }),
    detected_at: timestamp().openapi({ description: 'Captured time of the frame that confirmed the change' }),
    acknowledged: z.boolean(),
    acknowledged_at: timestamp().nullable(),
    created_at: timestamp(),
  })
  .openapi('SceneChange');
export type SceneChangeJson = z.input<typeof sceneChangeSchema>;
export const sceneChangePageSchema = pageOf(sceneChangeSchema, 'SceneChangePage');

export const sceneChangeListQuery = paginationQuery.omit({ cursor: true }).extend({
  acknowledged: booleanQuery().optional().openapi({ description: 'Only acknowledged (true) or unacknowledged (false) changes' }),
});

export function toSceneChangeJson(row: SceneChange): SceneChangeJson {
  return {
    id: row.id,
    camera_id: row.camera_id,
    kind: row.kind as SceneChangeJson['kind'],
    similarity: row.similarity,
    detected_at: row.detected_at.toISOString(),
    acknowledged: row.acknowledged,
    acknowledged_at: row.acknowledged_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}
