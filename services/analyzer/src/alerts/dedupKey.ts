/** What a rule's dedup key template may name. */
export interface DedupKeyValues {
  camera_id: string;
  rule_id: string;
  object_type: string;
  risk_level: string;
}

const PLACEHOLDER = /\{(camera_id|rule_id|object_type|risk_level)\}/g;

/**
 * The rule's template with its placeholders filled ("{camera_id}:{rule_id}" by default); alerts
 * with the same key share one cooldown. Unknown placeholders stay as written.
 */
export function dedupKeyFor(template: string, values: DedupKeyValues): string {
  return template.replace(PLACEHOLDER, (_match, name: keyof DedupKeyValues) => values[name]).slice(0, 255);
}

/** The object type an alert is about: the first the rule asked for, else the event's first. */
export function alertObjectType(eventTypes: string[], ruleTypes: string[]): string {
  return eventTypes.find((type) => ruleTypes.includes(type)) ?? eventTypes[0] ?? 'unknown';
}
