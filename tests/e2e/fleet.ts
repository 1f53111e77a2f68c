import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { checkedFetch, LiveContract, type LiveResponse } from '../contracts/liveContract';
import { freePort, launchService, writeFixtureModel, type IntegrationContext, type ServiceName, type ServiceProcess } from './support';

export interface LiveMessage {
  type: string;
  sequence?: number;
  /** When the publisher sent it (ISO-8601). */
  timestamp?: string;
  data: Record<string, unknown>;
  /** When this test received it (ms). */
  at: number;
}

/** One service of the fleet: its current process, and the means to kill and start it again. */
export interface FleetMember {
  readonly name: ServiceName;
  readonly process: ServiceProcess;
  /** http://127.0.0.1:<OPS_PORT>: the service's /metrics, /health and /ready. */
  readonly opsUrl: string;
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
  /** Everything /ws/system sent since the workers started, in order. */
  system: LiveMessage[];
  services: Record<ServiceName, FleetMember>;
  /**
   * Every REST answer and WebSocket message checked against the live API's /openapi.json and
   * the message catalog; a suite ends by asserting `contract.violations` is empty.
   */
  contract: LiveContract;
  /** A checked request that throws unless the answer is 2xx; resolves with its JSON. */
  call<T>(method: string, route: string, body?: unknown): Promise<T>;
  /** A checked request whatever its status (images, 4xx). */
  request(method: string, route: string, body?: unknown): Promise<LiveResponse>;
}

export interface FleetSettings {
  /**
   * Runtime settings PATCHed before the workers start (they read them at boot). Unless given here,
   * `scene_change_enabled` is false (see below).
   */
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
    opsUrl: `http://127.0.0.1:${env.OPS_PORT}`,
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

/** Opens `socket` on the API and keeps every message it sends, each checked against the catalog. */
async function recordSocket(ctx: IntegrationContext, api: string, socket: '/ws/events' | '/ws/system', into: LiveMessage[], contract: LiveContract): Promise<void> {
  const client = new WebSocket(`${api.replace('http', 'ws')}${socket}`);
  ctx.onClose(() => client.close());
  client.on('message', (raw) => {
    const text = String(raw);
    into.push({ ...(JSON.parse(text) as Omit<LiveMessage, 'at'>), at: Date.now() });
    try {
      contract.checkMessage(socket, text);
    } catch {
      // Kept in contract.violations, which every suite asserts empty.
    }
  });
  await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
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
  // The OS may hand the same just-released port to two freePort() calls: every port of one fleet
  // is kept distinct, or the API's ops server and its REST port could land on one number.
  const taken = new Set<number>();
  const port = async (): Promise<number> => {
    for (;;) {
      const candidate = await freePort();
      if (taken.has(candidate)) continue;
      taken.add(candidate);
      return candidate;
    }
  };
  const apiPort = await port();
  const api = `http://127.0.0.1:${apiPort}`;
  const services = {} as Record<ServiceName, FleetMember>;
  const start = async (name: ServiceName, env: Record<string, string>) => {
    services[name] = member(ctx, name, { ...common, OPS_PORT: String(await port()), ...env });
    await services[name].process.waitForLog(READY_LOG[name], 60_000);
  };
  await start('api', { API_PORT: String(apiPort), RATE_LIMIT_ENABLED: 'false', CAMERA_ROOT: cameraRoot });
  const contract = await LiveContract.fetch(api);
  const fleet: RunningFleet = {
    api,
    cameraRoot,
    live: [],
    system: [],
    services,
    contract,
    request: (method, route, body) => checkedFetch(contract, method, api, route, body),
    async call<T>(method: string, route: string, body?: unknown): Promise<T> {
      const res = await checkedFetch(contract, method, api, route, body);
      if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${res.text}`);
      return res.body as T;
    },
  };

  // Generated uploads differ frame to frame in their whole background (noise of another seed, or
  // a flat one), which a real camera's view never does: a fleet that is not testing scene changes
  // switches tamper detection off so those differences raise no scene-change events.
  await fleet.call('PATCH', '/api/system/config', { scene_change_enabled: false, ...settings.runtimeConfig });
  await settings.beforeWorkers?.(fleet);
  await Promise.all([
    recordSocket(ctx, api, '/ws/events', fleet.live, contract),
    recordSocket(ctx, api, '/ws/system', fleet.system, contract),
  ]);

  const model = writeFixtureModel(scratch, 'rtdetr-fixture.onnx', { family: 'detr' });
  await Promise.all([
    start('detector', { DETECTOR_PORT: String(await port()), DETECTOR_MODEL_PATH: model, ...settings.detector }),
    start('enrichment', { OCR_ENABLED: 'false', ...settings.enrichment }),
    start('analyzer', { LLM_PROVIDER: 'rules', ...settings.analyzer }),
    start('ingest', { CAMERA_ROOT: cameraRoot, ...settings.ingest }),
  ]);
  return fleet;
}
