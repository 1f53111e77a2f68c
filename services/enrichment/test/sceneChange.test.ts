import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { queueCatalog, QueueProducer, type SceneCheckJob } from '@secpipe/core';
import { cameraFactory, freePort, launchService, renderCoveredView, renderSceneView, testRedisUrl, useIntegrationContext, waitFor, type ServiceProcess } from '@secpipe/testing';

const ctx = useIntegrationContext('enrichment-scene');
const WIDTH = 1280;
const HEIGHT = 720;
const T0 = Date.parse('2026-11-20T16:00:00.000Z');
/** One frame a minute per camera. */
const capturedAt = (frame: number) => new Date(T0 + frame * 60_000).toISOString();

let dir: string;
let checks: QueueProducer<typeof queueCatalog.scene_check.schema>;
let service: ServiceProcess;

/** The real worker: the enrichment service as a process (native speed; jest's vm slows SSIM ~100x). */
async function launch(): Promise<ServiceProcess> {
  const started = launchService('enrichment', { DATABASE_URL: ctx.databaseUrl, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: ctx.prefix, OPS_PORT: String(await freePort()), OCR_ENABLED: 'false', LOG_LEVEL: 'info' });
  ctx.onClose(() => started.stop());
  await started.waitForLog('service started', 60_000);
  return started;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scene-sequence-'));
  checks = QueueProducer.open(queueCatalog.scene_check, { connection: ctx.connection, prefix: ctx.prefix });
  ctx.onClose(() => checks.close());
  for (const id of ['covered_cam', 'turned_cam', 'dusk_cam', 'restart_cam']) await cameraFactory.create(ctx.prisma, { id, name: id, folder_path: `/data/cameras/${id}` });
  service = await launch();
}, 90_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the frames and queues their checks in captured order, as the detector does. */
async function sendFrames(cameraId: string, frames: Buffer[], firstFrame = 0): Promise<SceneCheckJob[]> {
  const jobs: SceneCheckJob[] = [];
  for (const [offset, bytes] of frames.entries()) {
    const i = firstFrame + offset;
    const file = path.join(dir, `${cameraId}-${i}.jpg`);
    writeFileSync(file, bytes);
    const job: SceneCheckJob = { v: 1, camera_id: cameraId, file_path: file, file_hash: createHash('sha256').update(bytes).digest('hex'), captured_at: capturedAt(i), correlation_id: `scene-${cameraId}-${i}` };
    await checks.enqueue(job);
    jobs.push(job);
  }
  return jobs;
}

async function allCompleted(jobs: SceneCheckJob[]): Promise<void> {
  await waitFor(
    async () => {
      const states = await Promise.all(jobs.map((job) => checks.queue.getJobState(queueCatalog.scene_check.jobId(job))));
      if (states.includes('failed')) throw new Error(`a scene check failed: ${states.join(',')}`);
      return states.every((state) => state === 'completed');
    },
    { what: 'scene checks completed', timeoutMs: 60_000 },
  );
}

const changesOf = (cameraId: string) => ctx.prisma.sceneChange.findMany({ where: { camera_id: cameraId }, orderBy: { detected_at: 'asc' } });

describe('scene change through the real worker', () => {
  it('raises one view_blocked for a covered camera, one angle_changed for a turned one, none at dusk', async () => {
    // Every shot has its own sensor noise: equal bytes would be one upload (one job id).
    const day = await Promise.all([1, 2, 3].map((noiseSeed) => renderSceneView({ width: WIDTH, height: HEIGHT, noiseSeed })));
    const covered = await Promise.all([1, 2, 3, 4].map((seed) => renderCoveredView(WIDTH, HEIGHT, seed)));
    const turned = await Promise.all([4, 5, 6, 7].map((noiseSeed) => renderSceneView({ width: WIDTH, height: HEIGHT, panX: 180, panY: 30, noiseSeed })));
    // Dusk: 24 frames from daylight to a quarter of it, a few percent darker each time.
    const dusk = await Promise.all(Array.from({ length: 24 }, (_, i) => renderSceneView({ width: WIDTH, height: HEIGHT, brightness: 1 - (0.75 * i) / 23, noiseSeed: 100 + i })));

    const jobs = [...(await sendFrames('covered_cam', [...day, ...covered])), ...(await sendFrames('turned_cam', [...day, ...turned])), ...(await sendFrames('dusk_cam', dusk))];
    await allCompleted(jobs);

    // Confirmed by the second changed frame (frame 4: scene_change_frames = 2 by default).
    expect((await changesOf('covered_cam')).map((c) => [c.kind, c.detected_at.toISOString()])).toEqual([['view_blocked', capturedAt(4)]]);
    expect((await changesOf('turned_cam')).map((c) => [c.kind, c.detected_at.toISOString()])).toEqual([['angle_changed', capturedAt(4)]]);
    expect(await changesOf('dusk_cam')).toEqual([]);
    const [blocked] = await changesOf('covered_cam');
    expect(blocked.similarity).toBeLessThan(0.9);
    expect(blocked.acknowledged).toBe(false);
  }, 120_000);

  it('does not raise the change again when the camera is uncovered, nor when it is covered for longer', async () => {
    const back = await Promise.all([10, 11, 12].map((noiseSeed) => renderSceneView({ width: WIDTH, height: HEIGHT, noiseSeed })));
    const again = await Promise.all([5, 6].map((seed) => renderCoveredView(WIDTH, HEIGHT, seed)));
    const frames = [...back, ...again];
    // Continues the covered camera's sequence after its frame 6.
    const jobs: SceneCheckJob[] = [];
    for (const [i, bytes] of frames.entries()) {
      const file = path.join(dir, `covered_cam-later-${i}.jpg`);
      writeFileSync(file, bytes);
      const job: SceneCheckJob = { v: 1, camera_id: 'covered_cam', file_path: file, file_hash: createHash('sha256').update(bytes).digest('hex'), captured_at: capturedAt(7 + i), correlation_id: `later-${i}` };
      await checks.enqueue(job);
      jobs.push(job);
    }
    await allCompleted(jobs);
    // Uncovered: the old view comes back silently. Covered again: a new change, as it should be.
    expect((await changesOf('covered_cam')).map((c) => [c.kind, c.detected_at.toISOString()])).toEqual([
      ['view_blocked', capturedAt(4)],
      ['view_blocked', capturedAt(11)],
    ]);
  }, 60_000);

  it('keeps counting across a crash of the worker: the camera state lives in Redis', async () => {
    const day = await Promise.all([20, 21, 22].map((noiseSeed) => renderSceneView({ width: WIDTH, height: HEIGHT, noiseSeed })));
    await allCompleted(await sendFrames('restart_cam', [...day, await renderCoveredView(WIDTH, HEIGHT, 8)]));
    service.child.kill('SIGKILL');
    await service.exited;
    service = await launch();
    await allCompleted(await sendFrames('restart_cam', [await renderCoveredView(WIDTH, HEIGHT, 9)], 4));
    expect((await changesOf('restart_cam')).map((c) => [c.kind, c.detected_at.toISOString()])).toEqual([['view_blocked', capturedAt(4)]]);
  }, 120_000);
});
