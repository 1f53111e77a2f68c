import { withinSchedule, type RuleSchedule } from './ruleSchedule';

/** The conditions of an alert rule that an event is checked against. */
export interface RuleCriteria {
  risk_threshold: number | null;
  object_types: string[];
  camera_ids: string[];
  zone_ids: string[];
  min_confidence: number | null;
  schedule: RuleSchedule | null;
  /** True: the rule is about scene changes (camera covered, turned, tampered with) and nothing else. */
  scene_change: boolean;
}

/** What the evaluator needs to know about one event. */
export interface EventFacts {
  camera_id: string;
  risk_score: number;
  object_types: string[];
  started_at: Date;
  /** Highest confidence among the event's detections; null when it has none. */
  max_confidence: number | null;
  /** Zones the event's detections fell in (from their enrichment data). */
  zone_ids: string[];
  /** The event was raised for a scene change (it has no detections). */
  scene_change: boolean;
}

export interface RuleVerdict {
  matches: boolean;
  /** One line per condition the event failed; empty when it matches. */
  reasons: string[];
}

/** Every condition a rule sets must hold; conditions left empty or null always hold. */
export function evaluateRule(rule: RuleCriteria, event: EventFacts): RuleVerdict {
  const reasons: string[] = [];
  // Scene-change events and detection events never meet: a rule is about one or the other.
  if (rule.scene_change && !event.scene_change) reasons.push('the event is not a scene change');
  if (!rule.scene_change && event.scene_change) reasons.push('the event is a scene change and the rule is not about scene changes');
  if (rule.risk_threshold !== null && event.risk_score < rule.risk_threshold) {
    reasons.push(`risk score ${event.risk_score} is below the threshold ${rule.risk_threshold}`);
  }
  if (rule.object_types.length > 0 && !event.object_types.some((type) => rule.object_types.includes(type))) {
    reasons.push('none of the rule object types was seen');
  }
  if (rule.camera_ids.length > 0 && !rule.camera_ids.includes(event.camera_id)) {
    reasons.push(`camera ${event.camera_id} is not one of the rule cameras`);
  }
  if (rule.zone_ids.length > 0 && !event.zone_ids.some((zone) => rule.zone_ids.includes(zone))) {
    reasons.push('no detection fell in one of the rule zones');
  }
  if (rule.min_confidence !== null && (event.max_confidence ?? 0) < rule.min_confidence) {
    reasons.push(`no detection reached confidence ${rule.min_confidence}`);
  }
  if (rule.schedule && !withinSchedule(rule.schedule, event.started_at)) {
    reasons.push('the event is outside the rule schedule');
  }
  return { matches: reasons.length === 0, reasons };
}
