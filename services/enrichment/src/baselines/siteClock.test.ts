import { deviationScore, siteSlot } from './siteClock';

describe('site clock and deviation', () => {
  it('reads hour and weekday in the site time zone', () => {
    // 2026-11-22 is a Sunday; 23:30 UTC is Monday 00:30 in Berlin (UTC+1 in winter).
    const at = new Date('2026-11-22T23:30:00Z');
    expect(siteSlot(at, 'UTC')).toEqual({ hour: 23, dayOfWeek: 6 });
    expect(siteSlot(at, 'Europe/Berlin')).toEqual({ hour: 0, dayOfWeek: 0 });
    expect(siteSlot(at, 'America/New_York')).toEqual({ hour: 18, dayOfWeek: 6 });
  });

  it('scores 0 for the expected count, 1 for a class never seen, and stays within 0..1', () => {
    expect(deviationScore(2, 2)).toBe(0);
    expect(deviationScore(1, 0)).toBe(1);
    expect(deviationScore(0, 0)).toBe(0);
    expect(deviationScore(1, 4)).toBe(0.75);
    expect(deviationScore(3, 2)).toBeCloseTo(1 / 3);
  });
});
