import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enrichmentDataSchema, type EnrichmentData } from '@secpipe/core';
import { detectionFactory, defaultShapes, renderShapeImage, useIntegrationContext, waitFor, zoneFactory } from '@secpipe/testing';
import { defaultSteps } from '../src/steps/defaultSteps';
import { AnalysisProbe, jobContext, startInstance, testPolicy } from './support/enrichmentHarness';

const ctx = useIntegrationContext('enrichment-steps');
const STEP_CONFIG = { STATIONARY_AFTER_SECONDS: 300, STATIONARY_IOU: 0.85, STATIONARY_MAX_GAP_SECONDS: 120, QUALITY_BLUR_THRESHOLD: 100, QUALITY_DARK_THRESHOLD: 40 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'enrichment-steps-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function image(name: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, (await renderShapeImage({ width: 1280, height: 720, shapes: defaultShapes(1280, 720), seed: 5 })).bytes);
  return file;
}

const dataOf = async (id: number): Promise<EnrichmentData> => enrichmentDataSchema.parse((await ctx.prisma.detection.findUniqueOrThrow({ where: { id } })).enrichment_data);

describe('enrichment steps on one image', () => {
  it('records zones, filters, quality and step status; a filtered detection opens no batch', async () => {
    const zone = await zoneFactory.create(ctx.prisma, { camera_id: 'yard_cam', name: 'Driveway', zone_type: 'driveway', shape: 'polygon', coordinates: [[0, 0.5], [0.5, 0.5], [0.5, 1], [0, 1]] });
    await ctx.prisma.camera.update({ where: { id: 'yard_cam' }, data: { object_filters: { cat: { min_area: 0.05 } } } });
    const file = await image('yard.jpg');
    const common = { camera_id: 'yard_cam', file_path: file, file_hash: 'a'.repeat(64), detected_at: new Date(), image_width: 1280, image_height: 720 };
    // The car stands at (0.25, 0.83) in the driveway; the small cat is filtered by size.
    const car = await detectionFactory.create(ctx.prisma, { ...common, box_index: 0, object_type: 'car', confidence: 0.8, bbox_x: 200, bbox_y: 400, bbox_width: 240, bbox_height: 200 });
    const cat = await detectionFactory.create(ctx.prisma, { ...common, box_index: 1, object_type: 'cat', confidence: 0.8, bbox_x: 900, bbox_y: 100, bbox_width: 40, bbox_height: 30 });
    const service = startInstance(ctx, () => testPolicy({ idleMs: 60_000 }), { steps: defaultSteps(STEP_CONFIG, ctx.prisma) });
    const job = { v: 1, camera_id: 'yard_cam', file_path: file, file_hash: common.file_hash, detection_ids: [car.id, cat.id], detected_at: common.detected_at.toISOString(), correlation_id: 'c-yard' };
    expect(await service.parts.handler(job, jobContext())).toEqual({ enriched: 2, batched: 1 });

    const carData = await dataOf(car.id);
    expect(carData).toMatchObject({ zone_ids: [zone.id], zones: [{ id: zone.id, name: 'Driveway', zone_type: 'driveway' }], filtered: false, stationary: false });
    expect(carData.quality).toMatchObject({ is_blurry: false, is_dark: false });
    expect(carData.steps).toMatchObject({ zones: { status: 'ok' }, filters: { status: 'ok' }, quality: { status: 'ok' }, stationary: { status: 'skipped' } });
    const catData = await dataOf(cat.id);
    expect(catData).toMatchObject({ zone_ids: [], filtered: true, filter_reasons: ['area 0.0013 below min_area 0.05'] });
    expect(await service.parts.store.assignedBatch(car.id)).toMatch(/^yard_cam_/);
    expect(await service.parts.store.assignedBatch(cat.id)).toBeNull();
    await service.stop();
  });

  it('a vanished image fails the pixel steps only; the rest is recorded and batched', async () => {
    const probe = new AnalysisProbe(ctx);
    const row = await detectionFactory.create(ctx.prisma, { camera_id: 'gone_cam', file_path: path.join(dir, 'missing.jpg'), detected_at: new Date(), object_type: 'car', image_width: 1280, image_height: 720 });
    const service = startInstance(ctx, () => testPolicy({ idleMs: 100 }), { steps: defaultSteps(STEP_CONFIG, ctx.prisma) });
    const job = { v: 1, camera_id: 'gone_cam', file_path: row.file_path, file_hash: row.file_hash, detection_ids: [row.id], detected_at: row.detected_at.toISOString(), correlation_id: 'c-gone' };
    await service.parts.handler(job, jobContext());
    const data = await dataOf(row.id);
    expect(data.steps.quality).toMatchObject({ status: 'failed', reason: expect.stringContaining('ENOENT') });
    expect(data.quality).toBeUndefined();
    await service.parts.sweeper.sweep();
    const [analysis] = await waitFor(() => probe.jobs('gone_cam').then((jobs) => jobs.length > 0 && jobs));
    expect(analysis.detection_ids).toEqual([row.id]);
    await service.stop();
  });

  it('a stationary detection is marked and opens no batch', async () => {
    const now = Date.now();
    const box = { bbox_x: 500, bbox_y: 300, bbox_width: 300, bbox_height: 200 };
    for (const secondsAgo of [400, 300, 200, 100]) await detectionFactory.create(ctx.prisma, { camera_id: 'park_cam', object_type: 'car', detected_at: new Date(now - secondsAgo * 1000), ...box });
    const file = await image('park.jpg');
    const current = await detectionFactory.create(ctx.prisma, { camera_id: 'park_cam', object_type: 'car', file_path: file, detected_at: new Date(now), image_width: 1280, image_height: 720, ...box });
    const service = startInstance(ctx, () => testPolicy(), { steps: defaultSteps(STEP_CONFIG, ctx.prisma) });
    const job = { v: 1, camera_id: 'park_cam', file_path: file, file_hash: current.file_hash, detection_ids: [current.id], detected_at: new Date(now).toISOString(), correlation_id: 'c-park' };
    expect(await service.parts.handler(job, jobContext())).toEqual({ enriched: 1, batched: 0 });
    expect(await dataOf(current.id)).toMatchObject({ stationary: true, stationary_seconds: 400 });
    await service.stop();
  });
});
