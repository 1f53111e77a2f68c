import { clampRiskScore, DEFAULT_RISK_THRESHOLDS, riskLevelFor, riskThresholdProblems } from './riskLevels';

describe('risk score -> level', () => {
  it.each([
    [0, 'low'],
    [29, 'low'],
    [30, 'medium'],
    [59, 'medium'],
    [60, 'high'],
    [84, 'high'],
    [85, 'critical'],
    [100, 'critical'],
  ])('%d is %s by default', (score, level) => {
    expect(riskLevelFor(score)).toBe(level);
  });

  it('follows configured thresholds', () => {
    const strict = { risk_low_max: 9, risk_medium_max: 19, risk_high_max: 49 };
    expect([5, 15, 45, 50].map((s) => riskLevelFor(s, strict))).toEqual(['low', 'medium', 'high', 'critical']);
  });

  it('clamps scores out of range before mapping', () => {
    expect(clampRiskScore(-5)).toBe(0);
    expect(clampRiskScore(250)).toBe(100);
    expect(clampRiskScore(42.6)).toBe(43);
    expect(clampRiskScore(Number.NaN)).toBe(0);
    expect(riskLevelFor(1000)).toBe('critical');
  });

  it('rejects thresholds that do not rise', () => {
    expect(riskThresholdProblems(DEFAULT_RISK_THRESHOLDS)).toEqual([]);
    expect(riskThresholdProblems({ risk_low_max: 50, risk_medium_max: 40, risk_high_max: 40 }).map((p) => p.field)).toEqual(['risk_medium_max', 'risk_high_max']);
  });
});
