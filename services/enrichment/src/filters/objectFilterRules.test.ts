import { filterRuleFor } from '@secpipe/core';
import { filterReasons } from './objectFilterRules';

const frame = { width: 1000, height: 1000 };
const car = { box: { x: 100, y: 100, width: 200, height: 100 }, confidence: 0.7 };

describe('object filter rules', () => {
  it('passes a detection inside every limit', () => {
    expect(filterReasons({ min_area: 0.01, max_area: 0.5, min_aspect: 1, max_aspect: 3, min_score: 0.5 }, car, frame)).toEqual([]);
  });

  it('names each limit a detection breaks', () => {
    expect(filterReasons({ min_area: 0.05 }, car, frame)).toEqual(['area 0.02 below min_area 0.05']);
    expect(filterReasons({ max_area: 0.01 }, car, frame)).toEqual(['area 0.02 above max_area 0.01']);
    expect(filterReasons({ max_aspect: 1.5, min_score: 0.8 }, car, frame)).toEqual(['aspect 2 above max_aspect 1.5', 'score 0.7 below min_score 0.8']);
    expect(filterReasons({ min_aspect: 2.5 }, car, frame)).toEqual(['aspect 2 below min_aspect 2.5']);
  });

  it('filters a detection standing inside a mask polygon', () => {
    // The car stands at (0.2, 0.2): inside the first triangle, outside the second.
    const masks: Array<Array<[number, number]>> = [
      [[0, 0], [0.5, 0], [0, 0.5]],
      [[0.6, 0.6], [0.9, 0.6], [0.9, 0.9]],
    ];
    expect(filterReasons({ masks }, car, frame)).toEqual(['inside mask 0']);
    expect(filterReasons({ masks: masks.slice(1) }, car, frame)).toEqual([]);
  });

  it("lets a class's own fields override the * rule", () => {
    const rule = filterRuleFor({ '*': { min_score: 0.9, min_area: 0.01 }, car: { min_score: 0.5 } }, 'car');
    expect(rule).toEqual({ min_score: 0.5, min_area: 0.01 });
    expect(filterRuleFor({ '*': { min_score: 0.9 } }, 'dog')).toEqual({ min_score: 0.9 });
  });
});
