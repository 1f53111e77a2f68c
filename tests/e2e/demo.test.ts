import { spawn } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { freePort, launchService, useIntegrationContext, waitFor, writeFixtureModel } from './support';

const ROOT = path.resolve(__dirname, '..', '..');

interface ApiEvent {
  id: number;
  camera_id: string;
  thumbnail_url: string | null;
}

interface ApiDetection {
  object_type: string;
  enrichment_data: { plate?: { text: string; confidence: number } | null } | null;
}

/**
 * `pnpm demo`'s camera writer against the fleet as processes: its generated scenes become events
 * with thumbnails on /ws/events and over REST, and the rendered plates are read by the real
 * PP-OCRv4 models (OCR_ENABLED=true: the demo shows plate text, so the test checks it).
 */
describe('demo cameras feed the fleet', () => {
  const ctx = useIntegrationContext('e2e-demo');
  let api: string;
  let cameraRoot: string;
  const liveEvents: Array<{ type: string; data: Record<string, unknown> }> = [];

  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${api}${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'secpipe-e2e-demo-'));
    cameraRoot = path.join(scratch, 'cameras');
    await mkdir(cameraRoot, { recursive: true });
    const common = { DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.prefix, LOG_LEVEL: 'info', THUMBNAIL_DIR: path.join(scratch, 'thumbnails') };
    const apiPort = await freePort();
    api = `http://127.0.0.1:${apiPort}`;
    const start = async (name: Parameters<typeof launchService>[0], env: Record<string, string>, ready: string) => {
      const service = launchService(name, { ...common, OPS_PORT: String(await freePort()), ...env });
      ctx.onClose(() => service.stop());
      await service.waitForLog(ready, 60_000);
    };
    await start('api', { API_PORT: String(apiPort), RATE_LIMIT_ENABLED: 'false', CAMERA_ROOT: cameraRoot }, 'api listening');
    // Short batch timers before the workers start, so they read them at boot.
    await call('PATCH', '/api/system/config', { batch_window_seconds: 5, batch_idle_timeout_seconds: 1 });
    const socket = new WebSocket(`ws://127.0.0.1:${apiPort}/ws/events`);
    ctx.onClose(() => socket.close());
    socket.on('message', (raw) => liveEvents.push(JSON.parse(String(raw)) as { type: string; data: Record<string, unknown> }));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

    await Promise.all([
      start('detector', { DETECTOR_PORT: String(await freePort()), DETECTOR_MODEL_PATH: writeFixtureModel(scratch, 'rtdetr-fixture.onnx', { family: 'detr' }) }, 'detector warm'),
      start('enrichment', { OCR_ENABLED: 'true' }, 'service started'),
      start('analyzer', { LLM_PROVIDER: 'rules' }, 'service started'),
      start('ingest', { CAMERA_ROOT: cameraRoot }, 'service started'),
    ]);
  }, 120_000);

  it('turns the generated scenes into events with thumbnails and reads the plates', async () => {
    const writer = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'demo-cameras.ts')], {
      cwd: ROOT,
      env: { ...process.env, CAMERA_ROOT: cameraRoot, DEMO_INTERVAL_MS: '700' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const written: string[] = [];
    writer.stdout.on('data', (chunk: Buffer) => written.push(...String(chunk).trim().split('\n')));
    ctx.onClose(() => new Promise<void>((resolve) => (writer.exitCode !== null ? resolve() : writer.once('exit', () => resolve()).kill('SIGTERM'))));

    const withThumbnail = await waitFor(
      async () => {
        const page = await call<{ items: ApiEvent[] }>('GET', '/api/events');
        const cameras = new Set(page.items.map((e) => e.camera_id));
        return cameras.size === 2 && page.items.some((e) => e.thumbnail_url) && page.items.find((e) => e.thumbnail_url);
      },
      { what: 'events from both demo cameras, one with a thumbnail', timeoutMs: 25_000, intervalMs: 250 },
    );
    const thumbnail = await fetch(`${api}${withThumbnail.thumbnail_url}`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    await waitFor(() => liveEvents.some((m) => m.type === 'event'), { what: 'an event on /ws/events', timeoutMs: 5_000 });
    expect(written.some((line) => / plate [A-Z]{2} \d{4}$/.test(line))).toBe(true);

    const plates = await waitFor(
      async () => {
        const page = await call<{ items: ApiDetection[] }>('GET', '/api/detections?object_type=car');
        const read = page.items.map((d) => d.enrichment_data?.plate?.text).filter((text): text is string => Boolean(text));
        return read.length > 0 && read;
      },
      { what: 'a plate read off a demo car', timeoutMs: 10_000, intervalMs: 250 },
    );
    // The demo renders plates as "AB 1234"; OCR may drop the space.
    expect(plates.some((text) => /^[A-Z]{2} ?\d{4}$/.test(text))).toBe(true);
  }, 60_000);
});
