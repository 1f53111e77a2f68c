import type { Logger } from '@secpipe/core';
import type { Assessment, Assessor } from './assessment';
import type { Batch } from './batch';

/** An assessor failure that still carries what the LLM answered, for the audit columns. */
export class AssessmentError extends Error {
  constructor(
    message: string,
    readonly raw: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AssessmentError';
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/** What the event says when no assessor could run: a person must look at it. */
export function unavailableAssessment(error: string | null, raw: string | null): Assessment {
  return {
    risk_score: 50,
    risk_level: 'medium',
    summary: 'Analysis unavailable',
    reasoning: 'Neither the LLM nor the rules assessor could assess this batch; review the detections.',
    source: 'fallback',
    model_name: 'none',
    prompt_version: null,
    latency_ms: 0,
    error,
    raw_answer: raw,
  };
}

/**
 * The LLM (when configured), then the rules assessor, then a fixed medium score: a batch always
 * becomes an event. The LLM's error and raw answer travel to the event for audit.
 */
export class FallbackAssessor implements Assessor {
  constructor(
    private readonly primary: Assessor | null,
    private readonly rules: Assessor,
    private readonly logger?: Logger,
  ) {}

  async assess(batch: Batch): Promise<Assessment> {
    let llmError: string | null = null;
    let raw: string | null = null;
    if (this.primary) {
      try {
        return await this.primary.assess(batch);
      } catch (error) {
        llmError = errorText(error);
        raw = error instanceof AssessmentError ? error.raw : null;
        this.logger?.warn({ err: error, batch_id: batch.batch_id }, 'llm assessment failed; using the rules assessor');
      }
    }
    try {
      const assessment = await this.rules.assess(batch);
      return this.primary ? { ...assessment, error: llmError, raw_answer: raw } : assessment;
    } catch (error) {
      this.logger?.error({ err: error, batch_id: batch.batch_id }, 'rules assessment failed; writing the event as unavailable');
      return unavailableAssessment([llmError, errorText(error)].filter(Boolean).join('; '), raw);
    }
  }
}
