import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

describe('enrichment startup', () => {
  it('exits 1 listing every bad configuration key at once', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'services/enrichment/src/main.ts'], {
      cwd: root,
      env: { ...process.env, OCR_ENABLED: 'maybe', SITE_TIMEZONE: 'Mars/Olympus_Mons', STATIONARY_AFTER_SECONDS: 'soon', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/OCR_ENABLED/);
    expect(result.stderr).toMatch(/SITE_TIMEZONE: must be an IANA time zone/);
    expect(result.stderr).toMatch(/STATIONARY_AFTER_SECONDS: must be a number/);
  });
});
