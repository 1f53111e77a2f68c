import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { apiConfigSchema } from '../../services/api/src/config';
import { detectorConfigSchema } from '../../services/detector/src/config';
import { ingestConfigSchema } from '../../services/ingest/src/config';
import { enrichmentConfigSchema } from '../../services/enrichment/src/config';
import { analyzerConfigSchema } from '../../services/analyzer/src/config';

const ROOT = path.resolve(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const compose = parse(readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

const schemas: Record<string, { safeParse(input: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }> = {
  ingest: ingestConfigSchema,
  detector: detectorConfigSchema,
  enrichment: enrichmentConfigSchema,
  analyzer: analyzerConfigSchema,
  api: apiConfigSchema,
};

// No Docker engine runs here, so the compose file is checked against the code it starts:
// every service's environment must satisfy that service's own config schema.
describe('compose.yaml', () => {
  it('defines the data stores, the migration step and all five services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['analyzer', 'api', 'detector', 'enrichment', 'ingest', 'migrate', 'postgres', 'redis'].sort(),
    );
  });

  it.each(Object.keys(schemas))('%s: environment passes its config schema and the command starts it', (name) => {
    const service = compose.services[name];
    const parsed = schemas[name].safeParse(service.environment ?? {});
    expect(parsed.success ? [] : (parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
    expect(service.command).toEqual(['pnpm', '--filter', `@secpipe/${name}`, 'start']);
    expect(existsSync(path.join(ROOT, 'services', name, 'src', 'main.ts'))).toBe(true);
    expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
  });

  it('runs Redis durably: append-only file on a volume, no eviction of queue keys', () => {
    const redis = compose.services.redis;
    const flags = (redis.command ?? []).join(' ');
    expect(flags).toContain('--appendonly yes');
    expect(flags).toContain('--appendfsync everysec');
    expect(flags).toContain('--maxmemory-policy noeviction');
    expect(redis.volumes).toEqual(['redisdata:/data']);
  });

  it('builds from a Dockerfile that exists and migrates with the committed migrations', () => {
    for (const service of Object.values(compose.services).filter((s) => s.build)) {
      expect(existsSync(path.join(ROOT, service.build!.context, service.build!.dockerfile))).toBe(true);
    }
    expect(compose.services.migrate.command).toEqual(['pnpm', 'exec', 'prisma', 'migrate', 'deploy']);
  });
});
