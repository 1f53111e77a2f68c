import { apiKeyHashesFromEnv, hashApiKey, isValidApiKey } from '../src/security/apiKeyHash';
import { isOpenPath } from '../src/security/exemptPaths';
import { apiConfigSchema } from '../src/config';

describe('API key storage and comparison', () => {
  it('keeps only SHA-256 digests of the configured keys', () => {
    const config = apiConfigSchema.parse({ API_KEY_ENABLED: 'true', API_KEYS: 'alpha-key, sha256:' + hashApiKey('beta-key').toUpperCase() });
    expect(config.API_KEYS).toEqual([hashApiKey('alpha-key'), hashApiKey('beta-key')]);
    expect(JSON.stringify(config)).not.toContain('alpha-key');
  });

  it('accepts any configured key and nothing else', () => {
    const stored = apiKeyHashesFromEnv('alpha-key,beta-key');
    expect(isValidApiKey('alpha-key', stored)).toBe(true);
    expect(isValidApiKey('beta-key', stored)).toBe(true);
    expect(isValidApiKey('alpha-ke', stored)).toBe(false);
    expect(isValidApiKey('', stored)).toBe(false);
    expect(isValidApiKey(hashApiKey('alpha-key'), stored)).toBe(false);
  });

  it('refuses to start with keys required but none configured', () => {
    expect(apiConfigSchema.safeParse({ API_KEY_ENABLED: 'true' }).success).toBe(false);
    expect(apiConfigSchema.safeParse({ TRUSTED_PROXY_IPS: '10.0.0.1,not-an-ip' }).success).toBe(false);
    expect(apiConfigSchema.safeParse({ TRUSTED_PROXY_IPS: '10.0.0.0/8, ::1, loopback' }).success).toBe(true);
  });

  it('leaves exactly the contract paths open', () => {
    for (const path of ['/', '/health', '/ready', '/api/system/health', '/api/system/health/ready', '/api/metrics', '/docs', '/openapi.json']) {
      expect(isOpenPath(path)).toBe(true);
    }
    for (const path of ['/api/system/config', '/api/dlq/stats', '/api/system/healthz', '/api/metrics/x', '/healthcheck']) expect(isOpenPath(path)).toBe(false);
  });
});
