import type { Logger, RiskThresholds, ServiceKit } from '@secpipe/core';
import type { AnalyzerConfig } from '../config';
import { HttpLlmClient, type LlmClient } from './httpLlmClient';
import { LlamaCppTransport } from './llamaCppTransport';
import { LlmAssessor } from './llmAssessor';
import { OpenAiTransport } from './openAiTransport';

export interface LlmSetup {
  assessor: LlmAssessor | null;
  /** For the heartbeat: provider and the last health probe. */
  status(): Record<string, unknown>;
  close(): Promise<void>;
}

function clientFor(config: AnalyzerConfig, kit: ServiceKit): LlmClient {
  const transport = config.LLM_PROVIDER === 'openai' ? new OpenAiTransport(config.LLM_MODEL) : new LlamaCppTransport(config.LLM_MODEL);
  return new HttpLlmClient(
    transport,
    {
      baseUrl: config.LLM_URL,
      apiKey: config.LLM_API_KEY,
      connectTimeoutMs: config.LLM_CONNECT_TIMEOUT_MS,
      readTimeoutMs: config.LLM_READ_TIMEOUT_MS,
      maxRetries: config.LLM_MAX_RETRIES,
      retryBaseMs: config.LLM_RETRY_BASE_MS,
      breakerFailures: config.LLM_BREAKER_FAILURES,
      breakerResetMs: config.LLM_BREAKER_RESET_MS,
    },
    kit.breakers,
  );
}

/** Probes the LLM's health endpoint now and then, logging only when the answer changes. */
function startHealthProbe(client: LlmClient, intervalMs: number, logger: Logger) {
  const state: { healthy: boolean | null; checked_at: string | null } = { healthy: null, checked_at: null };
  const probe = async () => {
    const healthy = await client.probe();
    if (healthy !== state.healthy) logger[healthy ? 'info' : 'warn']({ provider: client.provider, healthy }, 'llm health changed');
    Object.assign(state, { healthy, checked_at: new Date().toISOString() });
  };
  void probe();
  const timer = setInterval(() => void probe(), intervalMs);
  timer.unref();
  return { state, stop: () => clearInterval(timer) };
}

/** The LLM assessor for LLM_PROVIDER=llamacpp|openai; none for `rules` (the local default). */
export function setupLlm(config: AnalyzerConfig, kit: ServiceKit, thresholds: () => RiskThresholds): LlmSetup {
  if (config.LLM_PROVIDER === 'rules') return { assessor: null, status: () => ({ provider: 'rules' }), close: async () => undefined };
  const client = clientFor(config, kit);
  const health = startHealthProbe(client, config.LLM_HEALTH_INTERVAL_MS, kit.logger);
  const assessor = new LlmAssessor(client, {
    timeZone: config.SITE_TIMEZONE,
    knownPlates: config.KNOWN_PLATES,
    budgetTokens: config.LLM_PROMPT_TOKEN_BUDGET,
    maxTokens: config.LLM_MAX_TOKENS,
    thresholds,
  });
  return {
    assessor,
    status: () => ({ provider: config.LLM_PROVIDER, model: config.LLM_MODEL, ...health.state }),
    close: async () => {
      health.stop();
      await client.close();
    },
  };
}
