import { z } from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * When an alert rule is active: `days` name the day a window starts on (empty = every day);
 * "HH:MM" local to `timezone`; an end before the start spans midnight; start = end is all day.
 */
export const ruleScheduleSchema = z.strictObject({
  days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).max(7),
  start_time: hhmm,
  end_time: hhmm,
  timezone: z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone').default('UTC'),
});
/** A schedule as stored with a rule (`days` lower-case three-letter names). */
export interface RuleSchedule {
  days: string[];
  /** "HH:MM", local to `timezone`; an end before the start spans midnight. */
  start_time: string;
  end_time: string;
  timezone: string;
}

const minutesOf = (hhmmValue: string) => {
  const [h, m] = hhmmValue.split(':').map(Number);
  return h * 60 + m;
};

/** Weekday and minute of the day of `at` in `timezone`. */
function localTime(at: Date, timezone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: (WEEKDAYS as readonly string[]).indexOf(part('weekday').toLowerCase().slice(0, 3)), minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/**
 * Whether `at` falls inside the schedule. `days` name the day a window starts on, so a
 * Friday 22:00-06:00 window covers Saturday 03:00.
 */
export function withinSchedule(schedule: RuleSchedule, at: Date): boolean {
  const { day, minute } = localTime(at, schedule.timezone);
  const start = minutesOf(schedule.start_time);
  const end = minutesOf(schedule.end_time);
  const dayAllowed = (d: number) => schedule.days.length === 0 || schedule.days.includes(WEEKDAYS[(d + 7) % 7]);
  if (start === end) return dayAllowed(day);
  if (start < end) return minute >= start && minute < end && dayAllowed(day);
  if (minute >= start) return dayAllowed(day);
  return minute < end && dayAllowed(day - 1);
}
