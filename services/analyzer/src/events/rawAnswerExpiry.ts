import type { Logger } from '@secpipe/core';
import type { EventStore } from './eventStore';

/** Hourly is plenty: retention is counted in hours and the sweep reads a partial index. */
const SWEEP_INTERVAL_MS = 3_600_000;

/** Clears raw LLM answers past RAW_LLM_ANSWER_RETENTION_HOURS, at boot and then hourly. */
export function startRawAnswerExpiry(events: Pick<EventStore, 'expireRawAnswers'>, logger: Logger, intervalMs = SWEEP_INTERVAL_MS): { stop(): void } {
  const sweep = async () => {
    try {
      const cleared = await events.expireRawAnswers();
      if (cleared > 0) logger.info({ cleared }, 'expired raw llm answers cleared');
    } catch (error) {
      logger.warn({ err: error }, 'raw llm answer expiry failed; retrying at the next sweep');
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
