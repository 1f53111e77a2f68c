import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { composeSpecErrors } from './composeSpec';
import { apiConfigSchema } from '../../services/api/src/config';
import { detectorConfigSchema } from '../../services/detector/src/config';
import { ingestConfigSchema } from '../../services/ingest/src/config';
import { enrichmentConfigSchema } from '../../services/enrichment/src/config';
import { analyzerConfigSchema } from '../../services/analyzer/src/config';

const ROOT = path.resolve(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  restart?: string;
  healthcheck?: { test: string[] };
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  deploy?: { resources?: { reservations?: { devices?: Array<{ driver?: string; count?: number | string; capabilities?: string[] }> } } };
}

type ComposeFile = { services: Record<string, ComposeService> };
const composeText = readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8');
const compose = parse(composeText, { merge: true }) as ComposeFile;
const GPU_OVERRIDE = 'deploy/compose.gpu.yaml';

/** Bind-mount sources created at run time (git-ignored), the only paths allowed not to exist. */
const RUNTIME_FOLDERS = new Set(['./data']);

/** Every repository path a compose file names: build files, bind mounts, and files in its comments. */
function pathsNamedBy(text: string, file: ComposeFile): string[] {
  const named = new Set<string>();
  for (const service of Object.values(file.services)) {
    if (service.build) named.add(path.join(service.build.context, service.build.dockerfile));
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0];
      if (source.startsWith('.') || source.startsWith('/')) named.add(source);
    }
  }
  for (const match of text.matchAll(/(?:^|[\s(`])((?:\.\/)?(?:[\w.-]+\/)+[\w.-]+\.(?:ya?ml|md|ts|json)|(?:[\w.-]+\/)*Dockerfile[\w.-]*)/gm)) named.add(match[1]);
  // Paths inside a runtime folder (./data/cameras) are created at run time too.
  return [...named].filter((named) => ![...RUNTIME_FOLDERS].some((folder) => named === folder || named.startsWith(`${folder}/`))).sort();
}

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
  it('is valid against the compose specification schema, and so is the GPU override', () => {
    expect(composeSpecErrors(compose)).toEqual([]);
    expect(composeSpecErrors(parse(readFileSync(path.join(ROOT, GPU_OVERRIDE), 'utf8'), { merge: true }))).toEqual([]);
    // The validator is not a rubber stamp: a misspelt key fails.
    expect(composeSpecErrors({ services: { api: { image: 'x', restrat: 'always' } } })).not.toEqual([]);
  });

  it('defines the data stores, the migration step, all five services, the LLM server and the optional FTP server', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['analyzer', 'api', 'detector', 'enrichment', 'ftp', 'ingest', 'llm', 'migrate', 'postgres', 'redis'].sort(),
    );
    expect(compose.services.ftp.profiles).toEqual(['ftp']);
    expect(compose.services.ftp.volumes).toEqual(['./data/cameras:/home/camera']);
  });

  it.each(Object.keys(schemas))('%s: environment passes its config schema; own image target, healthcheck on its ops port, restarted', (name) => {
    const service = compose.services[name];
    const parsed = schemas[name].safeParse(service.environment ?? {});
    expect(parsed.success ? [] : (parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
    expect(service.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile', target: name });
    expect(readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8')).toMatch(new RegExp(`^FROM service AS ${name}$`, 'm'));
    expect(existsSync(path.join(ROOT, 'services', name, 'src', 'main.ts'))).toBe(true);
    expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(service.restart).toBe('unless-stopped');
    const opsPort = (parsed.success ? (parsed as unknown as { data: { OPS_PORT: number } }).data.OPS_PORT : 0);
    expect(service.healthcheck?.test.join(' ')).toContain(`fetch('http://127.0.0.1:${opsPort}/health')`);
  });

  it('serves Nemotron from llama.cpp with the model volume, context, slots and full offload; the analyzer uses it', () => {
    const llm = compose.services.llm;
    expect(llm.image).toBe('ghcr.io/ggml-org/llama.cpp:server');
    const args = (llm.command ?? []).join(' ');
    expect(args).toContain('-m /models/nemotron.gguf');
    expect(args).toMatch(/--ctx-size \d+/);
    expect(args).toMatch(/--parallel \d+/);
    expect(args).toContain('-ngl 99');
    expect(llm.volumes).toEqual(['./deploy/models:/models:ro']);
    expect(compose.services.analyzer.environment).toMatchObject({ LLM_PROVIDER: 'llamacpp', LLM_URL: 'http://llm:8080' });
    expect(compose.services.detector.environment?.DETECTOR_MODEL_PATH).toBe('/models/rtdetr.onnx');
    expect(readFileSync(path.join(ROOT, 'deploy/models/README.md'), 'utf8')).toContain('deploy/models/rtdetr.onnx');
  });

  it('runs Redis durably: append-only file on a volume, no eviction of queue keys', () => {
    const redis = compose.services.redis;
    const flags = (redis.command ?? []).join(' ');
    expect(flags).toContain('--appendonly yes');
    expect(flags).toContain('--appendfsync everysec');
    expect(flags).toContain('--maxmemory-policy noeviction');
    expect(redis.volumes).toEqual(['redisdata:/data']);
  });

  it('names only files and folders that exist (runtime data folders are git-ignored)', () => {
    const named = pathsNamedBy(composeText, compose);
    expect(named).toEqual(expect.arrayContaining(['deploy/Dockerfile', GPU_OVERRIDE, './deploy/models']));
    expect(named.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
    const ignored = readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n');
    for (const folder of RUNTIME_FOLDERS) expect(ignored).toContain(`${folder.replace(/^\.\//, '')}/`);
  });

  it('has a GPU override that reserves an NVIDIA GPU for the detector, built from the GPU Dockerfile', () => {
    const overrideText = readFileSync(path.join(ROOT, GPU_OVERRIDE), 'utf8');
    const override = parse(overrideText) as ComposeFile;
    expect(Object.keys(override.services)).toEqual(['detector', 'llm']);
    expect(override.services.llm.image).toBe('ghcr.io/ggml-org/llama.cpp:server-cuda');
    expect(override.services.llm.deploy?.resources?.reservations?.devices).toEqual([expect.objectContaining({ driver: 'nvidia', capabilities: ['gpu'] })]);
    const detector = override.services.detector;
    expect(detector.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile.detector-gpu' });
    expect(pathsNamedBy(overrideText, override).filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
    expect(detector.deploy?.resources?.reservations?.devices).toEqual([expect.objectContaining({ driver: 'nvidia', capabilities: ['gpu'] })]);
    // The GPU image has no pnpm: the override must start it the way the image's CMD does.
    const cmd = /^CMD (.+)$/m.exec(readFileSync(path.join(ROOT, detector.build!.dockerfile), 'utf8'))?.[1];
    expect(detector.command).toEqual(JSON.parse(cmd ?? 'null'));
    const merged = { ...compose.services.detector.environment, ...detector.environment };
    const parsed = detectorConfigSchema.safeParse(merged);
    expect(parsed.success).toBe(true);
    expect(merged.DETECTOR_DEVICE).toBe('cuda');
  });

  it('builds from a Dockerfile that exists and migrates with the committed migrations', () => {
    for (const service of Object.values(compose.services).filter((s) => s.build)) {
      expect(existsSync(path.join(ROOT, service.build!.context, service.build!.dockerfile))).toBe(true);
    }
    expect(compose.services.migrate.build?.target).toBe('migrate');
    const dockerfile = readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/FROM base AS migrate[\s\S]*CMD \["pnpm", "exec", "prisma", "migrate", "deploy"\]/);
    // pnpm deploy per service, and the services run unprivileged.
    expect(dockerfile).toContain('deploy --prod --legacy "/out/$service"');
    expect(dockerfile).toMatch(/FROM \$\{NODE_IMAGE\} AS service[\s\S]*USER node/);
  });
});
