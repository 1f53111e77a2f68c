import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { checkedFetch, LiveContract } from '../contracts/liveContract';
import {
  defaultShapes,
  freePort,
  launchService,
  renderShapeImage,
  useIntegrationContext,
  waitFor,
  writeFixtureModel,
  type ServiceProcess,
} from './support';

interface ApiDetection {
  id: number;
  object_type: string;
  confidence: number;
  bbox_x: number;
  bbox_y: number;
  bbox_width: number;
  bbox_height: number;
  file_path: string;
}

/** The pipeline's first hops as real processes: upload -> ingest -> detector -> rows the API serves. */
describe('upload to detections across ingest, detector and api', () => {
  const ctx = useIntegrationContext('e2e-detect');
  let cameraRoot: string;
  let api: string;
  let contract: LiveContract;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'secpipe-e2e-'));
    cameraRoot = path.join(scratch, 'cameras');
    await mkdir(cameraRoot, { recursive: true });
    const modelPath = writeFixtureModel(scratch, 'rtdetr-fixture.onnx', { family: 'detr' });
    const common = { DATABASE_URL: ctx.databaseUrl, QUEUE_PREFIX: ctx.prefix, LOG_LEVEL: 'info' };
    const apiPort = await freePort();
    api = `http://127.0.0.1:${apiPort}`;
    const launches: Array<[Parameters<typeof launchService>[0], Record<string, string>, string]> = [
      ['ingest', { ...common, OPS_PORT: String(await freePort()), CAMERA_ROOT: cameraRoot }, 'service started'],
      [
        'detector',
        { ...common, OPS_PORT: String(await freePort()), DETECTOR_PORT: String(await freePort()), DETECTOR_MODEL_PATH: modelPath },
        'detector warm',
      ],
      ['api', { ...common, OPS_PORT: String(await freePort()), API_PORT: String(apiPort), RATE_LIMIT_ENABLED: 'false', CAMERA_ROOT: cameraRoot }, 'api listening'],
    ];
    for (const [name, env, ready] of launches) {
      const service = launchService(name, env);
      services.push(service);
      ctx.onClose(() => service.stop());
      await service.waitForLog(ready, 60_000);
    }
    contract = await LiveContract.fetch(api);
  }, 120_000);

  afterAll(() => expect(contract.violations).toEqual([]));

  // Every answer is checked against the live API's own /openapi.json.
  const getJson = async <T>(route: string): Promise<T> => {
    const res = await checkedFetch(contract, 'GET', api, route);
    if (res.status !== 200) throw new Error(`${route}: ${res.status} ${res.text}`);
    return res.body as T;
  };
  const detectionsOf = (file: string) =>
    getJson<{ items: ApiDetection[] }>('/api/detections?camera_id=front_door&limit=100').then((page) =>
      page.items.filter((d) => d.file_path === file),
    );

  it('turns one upload into exact detections, one enrichment job and stage timings', async () => {
    // 1280x720 stretched to 640x640: edges on multiples of 2 (x) and 9 (y) land on whole model pixels.
    const image = await renderShapeImage({ width: 1280, height: 720, shapes: defaultShapes(1280, 720, [2, 9]), seed: 3 });
    const file = path.join(cameraRoot, 'Front Door', 'snap-0001.jpg');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, image.bytes);

    const found = await waitFor(async () => ((await detectionsOf(file)).length === 3 ? detectionsOf(file) : undefined), {
      what: 'three detections from the API',
      timeoutMs: 30_000,
    });
    for (const truth of image.boxes) {
      const detection = found.find((d) => d.object_type === truth.className);
      expect(detection).toBeDefined();
      expect(Math.abs(detection!.bbox_x - truth.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(detection!.bbox_y - truth.y)).toBeLessThanOrEqual(1);
      expect(Math.abs(detection!.bbox_width - truth.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(detection!.bbox_height - truth.height)).toBeLessThanOrEqual(1);
    }

    const enrichment = new Queue('enrichment', { connection: ctx.connection, prefix: ctx.prefix });
    ctx.onClose(() => enrichment.close());
    const jobs = await enrichment.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs).toHaveLength(1);
    expect([...jobs[0].data.detection_ids].sort()).toEqual(found.map((d) => d.id).sort());

    const telemetry = await waitFor(
      async () => {
        const body = await getJson<{ latencies: Record<string, { sample_count: number }> }>('/api/system/telemetry');
        return body.latencies.watch.sample_count >= 1 && body.latencies.detect.sample_count >= 1 && body;
      },
      { what: 'watch and detect samples in telemetry' },
    );
    expect(telemetry.latencies.watch.sample_count).toBe(1);
  });

  it('applies a threshold changed over the API to the next upload, without a restart', async () => {
    const patched = await checkedFetch(contract, 'PATCH', api, '/api/system/config', { detection_confidence_threshold: 0.9 });
    expect(patched.status).toBe(200);

    // The fixture scores person 0.92, car 0.87, dog 0.81: only the person clears 0.9. The
    // detector polls the settings table, so keep uploading new images until one shows it.
    let n = 0;
    const kept = await waitFor(
      async () => {
        n += 1;
        const image = await renderShapeImage({ width: 640, height: 480, seed: 100 + n });
        const file = path.join(cameraRoot, 'Front Door', `after-patch-${n}.jpg`);
        await writeFile(file, image.bytes);
        const rows = await waitFor(async () => {
          const list = await detectionsOf(file);
          return list.length > 0 && list;
        }, { what: `detections for ${file}`, timeoutMs: 20_000 });
        return rows.length === 1 && rows;
      },
      { what: 'an upload judged with the new threshold', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(kept[0].object_type).toBe('person');
    expect(kept[0].confidence).toBeGreaterThanOrEqual(0.9);
  });
});
