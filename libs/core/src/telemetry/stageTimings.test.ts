import { percentile, summariseLatencies } from './stageTimings';

describe('stage latency summaries', () => {
  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('reports nulls and a zero count when a stage has no samples', () => {
    expect(summariseLatencies([])).toEqual({ avg_ms: null, p50_ms: null, p95_ms: null, p99_ms: null, sample_count: 0 });
  });

  it('summarises unsorted samples', () => {
    expect(summariseLatencies([30, 10, 20])).toEqual({ avg_ms: 20, p50_ms: 20, p95_ms: 30, p99_ms: 30, sample_count: 3 });
  });
});
