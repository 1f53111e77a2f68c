import { baseServiceEnv, envBoolean, envInt, httpUrl, isTimeZone } from '@secpipe/core';
import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional();
const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** The server's own zone: what "night" means when SITE_TIMEZONE is not set. */
const serverTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Environment of the analyzer service, parsed once at boot (see README for every key). */
export const analyzerConfigSchema = baseServiceEnv(9104).extend({
  ANALYZER_CONCURRENCY: envInt(2, 1, 64),
  /** Where the cameras are: night hours and the local times in prompts and summaries. */
  SITE_TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone').default(serverTimeZone),
  /** Plates of residents' vehicles (comma-separated); compared without spaces or case. */
  KNOWN_PLATES: csv,
  /** Base of links in notifications (the API that serves /api/detections/<id>/thumbnail). */
  PUBLIC_BASE_URL: httpUrl().default('http://localhost:8000'),
  MESSAGE_REPLAY_SIZE: envInt(1000, 10, 100_000),

  LLM_PROVIDER: z.enum(['rules', 'llamacpp', 'openai'], { message: 'must be rules, llamacpp or openai' }).default('rules'),
  LLM_URL: httpUrl().default('http://127.0.0.1:8080'),
  LLM_API_KEY: optionalText,
  LLM_MODEL: z.string().trim().min(1).max(100).default('nemotron'),
  LLM_CONNECT_TIMEOUT_MS: envInt(10_000, 100, 600_000),
  LLM_READ_TIMEOUT_MS: envInt(120_000, 100, 1_800_000),
  LLM_MAX_RETRIES: envInt(2, 0, 10),
  LLM_RETRY_BASE_MS: envInt(500, 1, 60_000),
  LLM_BREAKER_FAILURES: envInt(5, 1, 1000),
  LLM_BREAKER_RESET_MS: envInt(30_000, 100, 3_600_000),
  LLM_MAX_TOKENS: envInt(1536, 64, 1536),
  LLM_PROMPT_TOKEN_BUDGET: envInt(3000, 300, 100_000),
  LLM_HEALTH_INTERVAL_MS: envInt(30_000, 1000, 3_600_000),
  RAW_LLM_ANSWER_RETENTION_HOURS: envInt(72, 0, 24 * 365),

  NOTIFICATION_CONCURRENCY: envInt(4, 1, 64),
  MQTT_URL: z.string().regex(/^(mqtts?|wss?):\/\//, 'must be an mqtt://, mqtts://, ws:// or wss:// URL').optional(),
  MQTT_USERNAME: optionalText,
  MQTT_PASSWORD: optionalText,
  MQTT_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9_/-]+$/, 'letters, digits, "_", "-" and "/" only').default('secpipe'),
  MQTT_DISCOVERY_PREFIX: z.string().regex(/^[A-Za-z0-9_/-]+$/).default('homeassistant'),
  WEBHOOK_URL: httpUrl().optional(),
  WEBHOOK_SECRET: optionalText,
  WEBHOOK_TIMEOUT_MS: envInt(10_000, 100, 120_000),
  SMTP_HOST: optionalText,
  SMTP_PORT: envInt(587, 1, 65535),
  /** true = TLS from the first byte (port 465); false = STARTTLS when the server offers it. */
  SMTP_SECURE: envBoolean(false),
  SMTP_REJECT_UNAUTHORIZED: envBoolean(true),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  SMTP_FROM: z.string().trim().min(3).default('secpipe@localhost'),
  SMTP_TO: csv,
});

export type AnalyzerConfig = z.output<typeof analyzerConfigSchema>;
