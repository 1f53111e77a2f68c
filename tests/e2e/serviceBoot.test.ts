import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, launchService, readHeartbeatsFor, useIntegrationContext, waitFor, writeFixtureModel, type ServiceName } from './support';

const WORKERS: ServiceName[] = ['ingest', 'detector', 'enrichment', 'analyzer'];

describe('every service boots, reports health and stops gracefully', () => {
  const ctx = useIntegrationContext('boot');
  const scratch = mkdtempSync(path.join(tmpdir(), 'secpipe-boot-'));
  const modelPath = writeFixtureModel(scratch, 'rtdetr-fixture.onnx', { family: 'detr' });

  it.each(WORKERS)('%s serves /health, /ready and /metrics, beats, and exits 0 on SIGTERM', async (name) => {
    const port = await freePort();
    const service = launchService(name, {
      DATABASE_URL: ctx.databaseUrl,
      QUEUE_PREFIX: ctx.prefix,
      OPS_PORT: String(port),
      HEARTBEAT_INTERVAL_MS: '200',
      CAMERA_ROOT: path.join(scratch, 'cameras'),
      DETECTOR_MODEL_PATH: modelPath,
      DETECTOR_PORT: String(await freePort()),
    });
    ctx.onClose(() => service.stop());
    await service.waitForLog('service started', 60_000);
    const base = `http://127.0.0.1:${port}`;
    await expect(fetch(`${base}/health`).then((r) => r.json())).resolves.toMatchObject({ status: 'alive', service: name });
    // 'service started' comes before the pipeline (watcher, model, queue worker) is up:
    // readiness follows once it is, and it must get there.
    await waitFor(() => fetch(`${base}/ready`).then((r) => r.status === 200), { timeoutMs: 30_000, what: `${name} /ready = 200` });
    await expect(fetch(`${base}/metrics`).then((r) => r.text())).resolves.toMatch(/process_cpu_seconds_total/);
    // A beat written while the pipeline was still starting may be the one in Redis for one interval.
    await waitFor(async () => (await readHeartbeatsFor(ctx, name)).status === 'healthy', { what: `${name} heartbeat healthy` });
    const beats = await readHeartbeatsFor(ctx, name);
    expect(beats).toMatchObject({ service: name, status: 'healthy' });
    // The runtime config keys each worker applies, as GET /api/system/config reports them.
    const applied: Record<string, string[]> = { detector: ['detection_confidence_threshold'], enrichment: ['scene_change_enabled', 'scene_change_threshold', 'scene_change_frames'] };
    expect(beats.applies_runtime_config).toEqual(applied[name]);

    await expect(service.stop()).resolves.toBe(0);
    await expect(ctx.redis.exists(`${ctx.prefix}:heartbeat:${name}`)).resolves.toBe(0);
  });

  it.each(['ingest', 'detector'] as const)('%s exits 0 on a SIGTERM that arrives while it is still starting', async (name) => {
    const service = launchService(name, {
      DATABASE_URL: ctx.databaseUrl,
      QUEUE_PREFIX: ctx.prefix,
      OPS_PORT: String(await freePort()),
      CAMERA_ROOT: path.join(scratch, 'cameras'),
      DETECTOR_MODEL_PATH: modelPath,
      DETECTOR_PORT: String(await freePort()),
    });
    ctx.onClose(() => service.stop());
    // 'service started' comes before the model warms up and the queue worker exists.
    await service.waitForLog('service started', 60_000);
    await expect(service.stop()).resolves.toBe(0);
  });

  it('api serves /health and /ready on API_PORT, the kit\'s ops surface and heartbeat, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const opsPort = await freePort();
    const api = launchService('api', { DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.prefix, API_PORT: String(port), OPS_PORT: String(opsPort), HEARTBEAT_INTERVAL_MS: '500' });
    ctx.onClose(() => api.stop());
    await api.waitForLog(/api listening/);
    await expect(fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json())).resolves.toMatchObject({ status: 'alive' });
    await expect(fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.status)).resolves.toBe(200);
    // The same service kit as every worker: ops port with readiness and metrics, heartbeat in Redis.
    await expect(fetch(`http://127.0.0.1:${opsPort}/ready`).then((r) => r.json())).resolves.toMatchObject({ ready: true, checks: { redis: true, database: true } });
    await expect(fetch(`http://127.0.0.1:${opsPort}/metrics`).then((r) => r.text())).resolves.toMatch(/process_resident_memory_bytes\{service="api"\}/);
    await waitFor(() => ctx.redis.exists(`${ctx.prefix}:heartbeat:api`), { what: 'the api heartbeat' });
    await expect(api.stop()).resolves.toBe(0);
  });

  it.each([...WORKERS, 'api' as const])('%s exits 1 with one readable line per bad key on a broken config', async (name) => {
    const service = launchService(name, { REDIS_URL: 'nonsense', DATABASE_URL: 'mysql://nope', LOG_LEVEL: 'loud' });
    await expect(service.exited).resolves.toBe(1);
    const output = service.lines.join('\n');
    expect(output).toContain(`invalid configuration for ${name}`);
    expect(output).toContain('REDIS_URL: must be a redis:// or rediss:// URL (got "nonsense")');
    expect(output).toContain('DATABASE_URL: must be a postgresql:// URL (got "mysql://nope")');
    expect(output).toMatch(/LOG_LEVEL: .*\(got "loud"\)/);
    expect(output).not.toMatch(/^\s+at /m);
  });
});
