import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { freePort, launchService, writeFixtureModel, type IntegrationContext } from './support';

export interface LiveMessage {
  type: string;
  sequence?: number;
  data: Record<string, unknown>;
  /** When this test received it (ms). */
  at: number;
}

export interface RunningFleet {
  /** http://127.0.0.1:<port> of the API. */
  api: string;
  cameraRoot: string;
  /** Everything /ws/events sent since the workers started, in order. */
  live: LiveMessage[];
  call<T>(method: string, route: string, body?: unknown): Promise<T>;
}

export interface FleetSettings {
  /** Runtime settings PATCHed before the workers start (they read them at boot). */
  runtimeConfig: Record<string, unknown>;
  /** Extra environment of the enrichment service (e.g. OCR_ENABLED). */
  enrichment?: Record<string, string>;
  /** Called once the API answers, before the workers start (e.g. to create alert rules). */
  beforeWorkers?: (fleet: RunningFleet) => Promise<void>;
}

/**
 * The five services as separate processes on the test's database and Redis prefix, the fixture
 * model in the detector and the rules assessor in the analyzer, with a /ws/events client that
 * records every message from before the first upload.
 */
export async function startFleet(ctx: IntegrationContext, settings: FleetSettings): Promise<RunningFleet> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'secpipe-e2e-fleet-'));
  const cameraRoot = path.join(scratch, 'cameras');
  await mkdir(cameraRoot, { recursive: true });
  const common = { DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.prefix, LOG_LEVEL: 'info', THUMBNAIL_DIR: path.join(scratch, 'thumbnails') };
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  const start = async (name: Parameters<typeof launchService>[0], env: Record<string, string>, ready: string) => {
    const service = launchService(name, { ...common, OPS_PORT: String(await freePort()), ...env });
    ctx.onClose(() => service.stop());
    await service.waitForLog(ready, 60_000);
  };
  const fleet: RunningFleet = {
    api,
    cameraRoot,
    live: [],
    async call<T>(method: string, route: string, body?: unknown): Promise<T> {
      const res = await fetch(`${api}${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };

  await start('api', { API_PORT: String(apiPort), RATE_LIMIT_ENABLED: 'false', CAMERA_ROOT: cameraRoot }, 'api listening');
  await fleet.call('PATCH', '/api/system/config', settings.runtimeConfig);
  await settings.beforeWorkers?.(fleet);
  const socket = new WebSocket(`ws://127.0.0.1:${apiPort}/ws/events`);
  ctx.onClose(() => socket.close());
  socket.on('message', (raw) => fleet.live.push({ ...(JSON.parse(String(raw)) as Omit<LiveMessage, 'at'>), at: Date.now() }));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

  await Promise.all([
    start('detector', { DETECTOR_PORT: String(await freePort()), DETECTOR_MODEL_PATH: writeFixtureModel(scratch, 'rtdetr-fixture.onnx', { family: 'detr' }) }, 'detector warm'),
    start('enrichment', { OCR_ENABLED: 'false', ...settings.enrichment }, 'service started'),
    start('analyzer', { LLM_PROVIDER: 'rules' }, 'service started'),
    start('ingest', { CAMERA_ROOT: cameraRoot }, 'service started'),
  ]);
  return fleet;
}
