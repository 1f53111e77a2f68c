import { performance } from 'node:perf_hooks';
import { riskLevelFor, type RiskThresholds } from '@secpipe/core';
import type { Assessment, Assessor } from './assessment';
import type { Batch } from './batch';
import { batchFacts } from './batchFacts';
import { riskCaps, riskFactors, scoreOf } from './riskFactors';
import { rulesReasoning, rulesSummary } from './rulesNarrative';

export const RULES_MODEL_NAME = 'rules';
export const RULES_VERSION = 'rules-v1';

export interface RulesSettings {
  timeZone: string;
  knownPlates: string[];
  thresholds: () => RiskThresholds;
}

/**
 * Deterministic assessment from classes, zones, local time, dwell, counts, baseline, stationary
 * objects and plates. The default when no LLM is configured and the fallback when it fails.
 */
export class RulesAssessor implements Assessor {
  constructor(private readonly settings: RulesSettings) {}

  async assess(batch: Batch): Promise<Assessment> {
    const started = performance.now();
    const facts = batchFacts(batch, this.settings);
    const factors = riskFactors(facts);
    const caps = riskCaps(facts);
    const score = scoreOf(factors, caps);
    const level = riskLevelFor(score, this.settings.thresholds());
    return {
      risk_score: score,
      risk_level: level,
      summary: rulesSummary(facts, batch.camera_name),
      reasoning: rulesReasoning(facts, factors, caps, level),
      source: 'rules',
      model_name: RULES_MODEL_NAME,
      prompt_version: RULES_VERSION,
      latency_ms: Math.round(performance.now() - started),
      error: null,
      raw_answer: null,
    };
  }
}
