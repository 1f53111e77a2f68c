import { ruleScheduleSchema, type AlertRule, type RuleCriteria } from '@secpipe/core';

/** A stored rule as the shared evaluator reads it; null when its schedule no longer validates. */
export function criteriaOf(rule: Pick<AlertRule, 'risk_threshold' | 'object_types' | 'camera_ids' | 'zone_ids' | 'min_confidence' | 'schedule' | 'scene_change'>): RuleCriteria | null {
  let schedule: RuleCriteria['schedule'] = null;
  if (rule.schedule !== null && rule.schedule !== undefined) {
    const parsed = ruleScheduleSchema.safeParse(rule.schedule);
    if (!parsed.success) return null;
    schedule = parsed.data;
  }
  return {
    risk_threshold: rule.risk_threshold,
    object_types: rule.object_types,
    camera_ids: rule.camera_ids,
    zone_ids: rule.zone_ids,
    min_confidence: rule.min_confidence,
    schedule,
    scene_change: rule.scene_change,
  };
}
