const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export interface SiteSlot {
  /** 0..23 in the site's time zone. */
  hour: number;
  /** 0 = Monday .. 6 = Sunday (the original system's weekday numbering). */
  dayOfWeek: number;
}

/** The hour and weekday of an instant as the site's wall clock shows it (SITE_TIMEZONE). */
export function siteSlot(at: Date, timeZone: string): SiteSlot {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) % 24;
  const dayOfWeek = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? 'Mon');
  return { hour, dayOfWeek: Math.max(0, dayOfWeek) };
}

/**
 * How far an observation is from what the baseline expects, 0..1: |observed - expected| over
 * the larger of the two (a class never seen at this hour scores 1). Above 0.5 is anomalous.
 */
export function deviationScore(observed: number, expected: number): number {
  const scale = Math.max(observed, expected);
  return scale > 0 ? Math.min(1, Math.abs(observed - expected) / scale) : 0;
}

export const ANOMALY_THRESHOLD = 0.5;
