import { percentile, summarizeLatencies } from './benchStats';

describe('benchmark statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarises unsorted samples', () => {
    const summary = summarizeLatencies([5, 1, 3, 2, 4]);
    expect(summary).toMatchObject({ count: 5, min_ms: 1, p50_ms: 3, max_ms: 5, mean_ms: 3 });
  });
});
