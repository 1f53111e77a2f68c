import type { RiskLevelName } from '@secpipe/core';
import type { Batch } from './batch';

export type AnalysisSource = 'llm' | 'rules' | 'fallback';

/** The outcome of assessing one batch: what the event records. */
export interface Assessment {
  risk_score: number;
  risk_level: RiskLevelName;
  summary: string;
  reasoning: string;
  source: AnalysisSource;
  model_name: string;
  prompt_version: string | null;
  latency_ms: number;
  /** Why the LLM answer was not used (transport or parse error); null when it was. */
  error: string | null;
  /** The LLM's answer as received, kept for audit. */
  raw_answer: string | null;
  /** Extras an LLM may add (title, threat indicators, confidence). */
  extras?: Record<string, unknown>;
}

/** Scores a batch. Implementations: the rules assessor, the LLM assessor, the fallback chain. */
export interface Assessor {
  assess(batch: Batch): Promise<Assessment>;
}
