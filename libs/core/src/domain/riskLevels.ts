import { z } from 'zod';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevelName = (typeof RISK_LEVELS)[number];
export const riskLevelSchema = z.enum(RISK_LEVELS);

/**
 * Upper bounds (inclusive) of the lower three levels, as the original's severity settings:
 * 0-29 low, 30-59 medium, 60-84 high, 85-100 critical. Runtime-configurable
 * (`risk_low_max`, `risk_medium_max`, `risk_high_max` in PATCH /api/system/config).
 */
export interface RiskThresholds {
  risk_low_max: number;
  risk_medium_max: number;
  risk_high_max: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { risk_low_max: 29, risk_medium_max: 59, risk_high_max: 84 };

/** Problems with a set of thresholds: each bound must be above the one before it. */
export function riskThresholdProblems(t: RiskThresholds): Array<{ field: keyof RiskThresholds; message: string }> {
  const problems: Array<{ field: keyof RiskThresholds; message: string }> = [];
  if (t.risk_medium_max <= t.risk_low_max) problems.push({ field: 'risk_medium_max', message: 'must be above risk_low_max' });
  if (t.risk_high_max <= t.risk_medium_max) problems.push({ field: 'risk_high_max', message: 'must be above risk_medium_max' });
  return problems;
}

/** Clamps any number to an integer score 0..100 (NaN -> 0). */
export function clampRiskScore(score: number): number {
  if (!Number.isFinite(score)) return score > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, Math.round(score)));
}

/** The level of a score under the given thresholds. */
export function riskLevelFor(score: number, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): RiskLevelName {
  const s = clampRiskScore(score);
  if (s <= thresholds.risk_low_max) return 'low';
  if (s <= thresholds.risk_medium_max) return 'medium';
  if (s <= thresholds.risk_high_max) return 'high';
  return 'critical';
}
