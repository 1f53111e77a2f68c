import { plannedOffsets } from './frameExtractor';

describe('plannedOffsets', () => {
  const every4 = { intervalSeconds: 4, maxFrames: 20 };

  it.each([
    [12, [0, 4, 8]],
    [12.3, [0, 4, 8]],
    [12.6, [0, 4, 8, 12]],
    [2, [0]],
    [0.2, [0]],
  ])('a %s s clip: frames at %j', (duration, offsets) => {
    expect(plannedOffsets(every4, duration)).toEqual(offsets);
  });

  it('stops at the frame limit, the first frame included', () => {
    expect(plannedOffsets(every4, 60)).toHaveLength(15);
    expect(plannedOffsets(every4, 600)).toEqual(Array.from({ length: 20 }, (_, k) => k * 4));
    expect(plannedOffsets({ intervalSeconds: 0.1, maxFrames: 4 }, 10)).toEqual([0, 0.1, 0.2, 0.3]);
  });
});
