import type { RiskLevelName } from '@secpipe/core';
import type { BatchFacts } from './batchFacts';
import type { RiskCap, RiskFactor } from './riskFactors';

function subject(f: BatchFacts): string {
  if (f.persons.length > 0) return f.maxPeopleInFrame >= 2 ? `${f.maxPeopleInFrame} people` : 'A person';
  if (f.vehicles.length > 0) return `A ${f.vehicles[0].object_type}`;
  if (f.animals.length > 0) return `A ${f.animals[0].object_type}`;
  return `A ${f.classes[0] ?? 'moving object'}`;
}

function place(f: BatchFacts): string {
  const zone = f.persons.length > 0 ? f.personZone : f.vehicleZone;
  return zone ? ` in the ${zone.type.replace('_', ' ')} zone "${zone.name}"` : '';
}

function duration(f: BatchFacts): string {
  return f.personDwellSeconds > 60 ? ` for about ${Math.round(f.personDwellSeconds / 60)} min` : '';
}

/** One sentence: who, where, when, how long (camera and zone names are the operator's own). */
export function rulesSummary(f: BatchFacts, cameraName: string): string {
  return `${subject(f)}${place(f)} on ${cameraName} at ${f.clock.start}${duration(f)}.`;
}

const VERDICT: Record<RiskLevelName, string> = {
  low: 'This looks like routine activity.',
  medium: 'Worth a look, but not alarming on its own.',
  high: 'Suspicious: someone should check this.',
  critical: 'Possible break-in attempt: check now.',
};

/** Plain-language reasons, strongest first, then what capped the score and any image caveats. */
export function rulesReasoning(f: BatchFacts, factors: RiskFactor[], caps: RiskCap[], level: RiskLevelName): string {
  const sorted = [...factors].sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const parts = [`Observed: ${sorted.map((x) => `${x.reason} (${x.points >= 0 ? '+' : ''}${x.points})`).join('; ')}.`];
  for (const cap of caps) parts.push(`Capped at ${cap.max}: ${cap.reason}.`);
  if (f.quality.length > 0) parts.push(`Image quality (${f.quality.join(', ')}) makes this less certain.`);
  parts.push(VERDICT[level]);
  return parts.join(' ');
}
