import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { freePort, launchService, writeFixtureModel, type IntegrationContext, type ServiceName, type ServiceProcess } from './support';

export interface LiveMessage {
  type: string;
  sequence?: number;
  data: Record<string, unknown>;
  /** When this test received it (ms). */
  at: number;
}

/** One service of the fleet: its current process, and the means to kill and start it again. */
export interface FleetMember {
  readonly name: ServiceName;
  readonly process: ServiceProcess;
  /** SIGKILL (no shutdown: a crash or an OOM kill); resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts the service again with the same environment and waits for its ready log. */
  restart(): Promise<void>;
}

export interface RunningFleet {
  /** http://127.0.0.1:<port> of the API. */
  api: string;
  cameraRoot: string;
  /** Everything /ws/events sent since the workers started, in order. */
  live: LiveMessage[];
  services: Record<ServiceName, FleetMember>;
  call<T>(method: string, route: string, body?: unknown): Promise<T>;
}

export interface FleetSettings {
  /** Runtime settings PATCHed before the workers start (they read them at boot). */
  runtimeConfig: Record<string, unknown>;
  /** Extra environment of the enrichment service (e.g. OCR_ENABLED). */
  enrichment?: Record<string, string>;
  /** Extra environment of the analyzer (e.g. LLM_PROVIDER and LLM_URL of a fake server). */
  analyzer?: Record<string, string>;
  /** Extra environment of the detector. */
  detector?: Record<string, string>;
  /** Extra environment of the ingest service. */
  ingest?: Record<string, string>;
  /** Extra environment of every service (e.g. REDIS_URL of a test-owned Redis, DATABASE_URL). */
  common?: Record<string, string>;
  /** Called once the API answers, before the workers start (e.g. to create alert rules). */
  beforeWorkers?: (fleet: RunningFleet) => Promise<void>;
}

const READY_LOG: Record<ServiceName, string> = {
  api: 'api listening',
  detector: 'detector warm',
  enrichment: 'service started',
  analyzer: 'service started',
  ingest: 'service started',
};

/** Launches one service and keeps the means to kill it and start it again. */
function member(ctx: IntegrationContext, name: ServiceName, env: Record<string, string>): FleetMember {
  let current = launchService(name, env);
  ctx.onClose(() => current.stop());
  return {
    name,
    get process() {
      return current;
    },
    async kill() {
      current.child.kill('SIGKILL');
      await current.exited;
    },
    async restart() {
      await current.stop();
      current = launchService(name, env);
      await current.waitForLog(READY_LOG[name], 60_000);
    },
  };
}

/**
 * The five services as separate processes on the test's database and Redis prefix, the fixture
 * model in the detector and the rules assessor in the analyzer (unless `analyzer` says otherwise),
 * with a /ws/events client that records every message from before the first upload.
 */
export async function startFleet(ctx: IntegrationContext, settings: FleetSettings): Promise<RunningFleet> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'secpipe-e2e-fleet-'));
  const cameraRoot = path.join(scratch, 'cameras');
  await mkdir(cameraRoot, { recursive: true });
  const common = { DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.prefix, LOG_LEVEL: 'info', THUMBNAIL_DIR: path.join(scratch, 'thumbnails'), ...settings.common };
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  const services = {} as Record<ServiceName, FleetMember>;
  const start = async (name: ServiceName, env: Record<string, string>) => {
    services[name] = member(ctx, name, { ...common, OPS_PORT: String(await freePort()), ...env });
    await services[name].process.waitForLog(READY_LOG[name], 60_000);
  };
  const fleet: RunningFleet = {
    api,
    cameraRoot,
    live: [],
    services,
    async call<T>(method: string, route: string, body?: unknown): Promise<T> {
      const res = await fetch(`${api}${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };

  await start('api', { API_PORT: String(apiPort), RATE_LIMIT_ENABLED: 'false', CAMERA_ROOT: cameraRoot });
  await fleet.call('PATCH', '/api/system/config', settings.runtimeConfig);
  await settings.beforeWorkers?.(fleet);
  const socket = new WebSocket(`ws://127.0.0.1:${apiPort}/ws/events`);
  ctx.onClose(() => socket.close());
  socket.on('message', (raw) => fleet.live.push({ ...(JSON.parse(String(raw)) as Omit<LiveMessage, 'at'>), at: Date.now() }));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

  const model = writeFixtureModel(scratch, 'rtdetr-fixture.onnx', { family: 'detr' });
  await Promise.all([
    start('detector', { DETECTOR_PORT: String(await freePort()), DETECTOR_MODEL_PATH: model, ...settings.detector }),
    start('enrichment', { OCR_ENABLED: 'false', ...settings.enrichment }),
    start('analyzer', { LLM_PROVIDER: 'rules', ...settings.analyzer }),
    start('ingest', { CAMERA_ROOT: cameraRoot, ...settings.ingest }),
  ]);
  return fleet;
}
