/** Local time of a batch at the site: what "night" and the times in summaries refer to. */
export interface LocalClock {
  timeZone: string;
  /** "HH:MM" of the start and end, local to the site. */
  start: string;
  end: string;
  /** Local hour of the start (0..23). */
  hour: number;
  weekday: string;
  night: boolean;
}

/** Night as the original's guidance means it: 22:00 to 06:00 local. */
export const NIGHT_START_HOUR = 22;
export const NIGHT_END_HOUR = 6;

// Building an Intl.DateTimeFormat costs far more than using one: one per zone, reused.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', weekday: 'long', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function parts(at: Date, timeZone: string): { hhmm: string; hour: number; weekday: string } {
  const formatted = formatterFor(timeZone).formatToParts(at);
  const part = (type: string) => formatted.find((p) => p.type === type)?.value ?? '';
  return { hhmm: `${part('hour')}:${part('minute')}`, hour: Number(part('hour')), weekday: part('weekday') };
}

export function isNightHour(hour: number): boolean {
  return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
}

export function localClock(start: Date, end: Date, timeZone: string): LocalClock {
  const from = parts(start, timeZone);
  const to = parts(end, timeZone);
  return { timeZone, start: from.hhmm, end: to.hhmm, hour: from.hour, weekday: from.weekday, night: isNightHour(from.hour) || isNightHour(to.hour) };
}
