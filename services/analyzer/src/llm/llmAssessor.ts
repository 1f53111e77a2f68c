import { performance } from 'node:perf_hooks';
import type { RiskThresholds } from '@secpipe/core';
import type { Assessment, Assessor } from '../assessment/assessment';
import type { Batch } from '../assessment/batch';
import { AssessmentError } from '../assessment/fallbackAssessor';
import { buildPrompt, type PromptSettings } from '../prompt/promptBuilder';
import { ANSWER_JSON_SCHEMA } from './answerSchema';
import { parseLlmAnswer } from './answerParser';
import type { LlmClient } from './httpLlmClient';

export interface LlmAssessorSettings extends PromptSettings {
  maxTokens: number;
  thresholds: () => RiskThresholds;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Builds the prompt, asks the LLM, parses its answer. Throws (with the raw answer) when unusable. */
export class LlmAssessor implements Assessor {
  constructor(
    private readonly client: LlmClient,
    private readonly settings: LlmAssessorSettings,
  ) {}

  async assess(batch: Batch): Promise<Assessment> {
    const thresholds = this.settings.thresholds();
    const prompt = buildPrompt(batch, thresholds, this.settings);
    const started = performance.now();
    let reply;
    try {
      reply = await this.client.complete({ system: prompt.system, user: prompt.user, schema: ANSWER_JSON_SCHEMA, maxTokens: this.settings.maxTokens });
    } catch (error) {
      throw new AssessmentError(`llm request failed: ${message(error)}`, null, { cause: error });
    }
    const latency = Math.round(performance.now() - started);
    let answer;
    try {
      answer = parseLlmAnswer(reply.text, thresholds);
    } catch (error) {
      throw new AssessmentError(`llm answer unusable: ${message(error)}`, reply.text, { cause: error });
    }
    return {
      risk_score: answer.risk_score,
      risk_level: answer.risk_level,
      summary: answer.summary,
      reasoning: answer.reasoning,
      source: 'llm',
      model_name: reply.model.slice(0, 100),
      prompt_version: prompt.version,
      latency_ms: latency,
      error: null,
      raw_answer: reply.text,
      extras: answer.extras,
    };
  }
}
