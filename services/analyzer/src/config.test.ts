import { ConfigError, loadConfig } from '@secpipe/core';
import { analyzerConfigSchema } from './config';

describe('analyzer config', () => {
  it('runs on the rules assessor with no notification channel by default', () => {
    const config = loadConfig('analyzer', analyzerConfigSchema, {});
    expect(config).toMatchObject({ OPS_PORT: 9104, LLM_PROVIDER: 'rules', LLM_CONNECT_TIMEOUT_MS: 10_000, LLM_READ_TIMEOUT_MS: 120_000, LLM_MAX_TOKENS: 1536, KNOWN_PLATES: [], SMTP_TO: [] });
    expect(config.MQTT_URL).toBeUndefined();
    expect(config.SITE_TIMEZONE).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('reads lists and the LLM settings', () => {
    const config = loadConfig('analyzer', analyzerConfigSchema, { LLM_PROVIDER: 'openai', LLM_URL: 'http://gpu-box:8000', KNOWN_PLATES: 'KX 4821, AB123CD', SMTP_TO: 'a@home.test,b@home.test', SITE_TIMEZONE: 'Europe/Berlin' });
    expect(config).toMatchObject({ LLM_PROVIDER: 'openai', LLM_URL: 'http://gpu-box:8000', KNOWN_PLATES: ['KX 4821', 'AB123CD'], SMTP_TO: ['a@home.test', 'b@home.test'] });
  });

  it('names every bad key at once', () => {
    let caught: unknown;
    try {
      loadConfig('analyzer', analyzerConfigSchema, { LLM_PROVIDER: 'gpt', SITE_TIMEZONE: 'Mars/Olympus', LLM_MAX_TOKENS: '4096', MQTT_URL: 'http://broker' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const text = String((caught as Error).message);
    for (const key of ['LLM_PROVIDER', 'SITE_TIMEZONE', 'LLM_MAX_TOKENS', 'MQTT_URL']) expect(text).toContain(key);
  });
});
