import { clampRiskScore, riskLevelFor, RISK_LEVELS, type RiskLevelName, type RiskThresholds } from '@secpipe/core';
import { extractJsonObject } from './jsonExtraction';

/** A usable LLM answer, normalised. */
export interface LlmAnswer {
  risk_score: number;
  risk_level: RiskLevelName;
  summary: string;
  reasoning: string;
  extras: { title?: string; threat_indicators?: string[]; confidence?: number };
}

export class AnswerParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerParseError';
  }
}

function scoreOf(value: unknown): number | null {
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof number === 'number' && Number.isFinite(number) ? clampRiskScore(number) : null;
}

function levelOf(value: unknown): RiskLevelName | null {
  const level = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return (RISK_LEVELS as readonly string[]).includes(level) ? (level as RiskLevelName) : null;
}

/** The middle of a level's band, for an answer that names a level but no score. */
function bandMiddle(level: RiskLevelName, t: RiskThresholds): number {
  const bands: Record<RiskLevelName, [number, number]> = {
    low: [0, t.risk_low_max],
    medium: [t.risk_low_max + 1, t.risk_medium_max],
    high: [t.risk_medium_max + 1, t.risk_high_max],
    critical: [t.risk_high_max + 1, 100],
  };
  const [min, max] = bands[level];
  return Math.round((min + max) / 2);
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

function extrasOf(json: Record<string, unknown>): LlmAnswer['extras'] {
  const extras: LlmAnswer['extras'] = {};
  if (typeof json.title === 'string') extras.title = json.title.slice(0, 120);
  if (Array.isArray(json.threat_indicators)) extras.threat_indicators = json.threat_indicators.filter((x): x is string => typeof x === 'string').slice(0, 10);
  const confidence = Number(json.confidence);
  if (json.confidence !== undefined && Number.isFinite(confidence)) extras.confidence = Math.min(1, Math.max(0, confidence));
  return extras;
}

/**
 * Reads `{risk_score, risk_level, summary, reasoning}` out of whatever the model wrote. The score
 * is clamped to 0..100; a missing or invalid level is derived from the score; an answer with
 * neither a score nor a level is rejected.
 */
export function parseLlmAnswer(raw: string, thresholds: RiskThresholds): LlmAnswer {
  const json = extractJsonObject(raw);
  if (!json) throw new AnswerParseError('no JSON object in the answer');
  const score = scoreOf(json.risk_score);
  const level = levelOf(json.risk_level);
  if (score === null && level === null) throw new AnswerParseError('the answer has neither a risk_score nor a risk_level');
  const riskScore = score ?? bandMiddle(level!, thresholds);
  const riskLevel = level ?? riskLevelFor(riskScore, thresholds);
  const extras = extrasOf(json);
  return {
    risk_score: riskScore,
    risk_level: riskLevel,
    summary: text(json.summary, 500) || extras.title || `${riskLevel} risk activity`,
    reasoning: text(json.reasoning, 3000),
    extras,
  };
}
