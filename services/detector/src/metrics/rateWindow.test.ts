import { RateWindow } from './rateWindow';

describe('rate window', () => {
  it('averages events over the window and forgets old ones', () => {
    let now = 1_000_000;
    const rate = new RateWindow(10, () => now);
    rate.add(30);
    now += 5000;
    rate.add(20);
    expect(rate.perSecond()).toBe(5);
    now += 6000;
    expect(rate.perSecond()).toBe(2);
    now += 10_000;
    expect(rate.perSecond()).toBe(0);
  });
});
