import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@secpipe/core';
import { runRetention } from '../src/system/retention';
import { detectionFactory, eventFactory, request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

const NOW = new Date('2026-11-20T03:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000);

describe('retention cleanup', () => {
  const ctx = useIntegrationContext('api-retention');
  let root: string;
  let thumbnails: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'secpipe-retention-'));
    thumbnails = path.join(root, 'thumbnails');
    await mkdir(thumbnails);
    await ctx.prisma.event.deleteMany();
    await ctx.prisma.detection.deleteMany();
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function seed(): Promise<void> {
    const aged = path.join(thumbnails, 'aged.jpg');
    await writeFile(aged, 'old');
    await utimes(aged, daysAgo(40), daysAgo(40));
    await writeFile(path.join(thumbnails, 'old_detection.jpg'), 'referenced by an old row, written recently');
    await writeFile(path.join(thumbnails, 'fresh.jpg'), 'new');
    await writeFile(path.join(root, 'outside.jpg'), 'outside the thumbnail folder');
    await detectionFactory.create(ctx.prisma, { camera_id: 'front_door', detected_at: daysAgo(45), thumbnail_path: path.join(thumbnails, 'old_detection.jpg') });
    await detectionFactory.create(ctx.prisma, { camera_id: 'front_door', detected_at: daysAgo(31), thumbnail_path: path.join(root, 'outside.jpg') });
    await detectionFactory.create(ctx.prisma, { camera_id: 'front_door', detected_at: daysAgo(2), thumbnail_path: path.join(thumbnails, 'fresh.jpg') });
    await eventFactory.create(ctx.prisma, { camera_id: 'front_door', started_at: daysAgo(40) });
    await eventFactory.create(ctx.prisma, { camera_id: 'front_door', started_at: daysAgo(1) });
  }

  it('counts on a dry run and deletes on a real run, only inside the thumbnail folder', async () => {
    await seed();
    const { app } = buildTestApp(ctx, { now: () => NOW }, { THUMBNAIL_DIR: thumbnails });
    const dry = await request(app).post('/api/system/cleanup?dry_run=true').expect(200);
    expect(dry.body).toMatchObject({ dry_run: true, retention_days: 30, events_deleted: 1, detections_deleted: 2, thumbnails_deleted: 2, cutoff: daysAgo(30).toISOString() });
    expect(await ctx.prisma.detection.count()).toBe(3);
    expect(await ctx.prisma.event.count()).toBe(2);
    expect((await readdir(thumbnails)).sort()).toEqual(['aged.jpg', 'fresh.jpg', 'old_detection.jpg']);

    const real = await request(app).post('/api/system/cleanup?dry_run=false').expect(200);
    expect(real.body).toMatchObject({ dry_run: false, events_deleted: 1, detections_deleted: 2, thumbnails_deleted: 2 });
    expect(await ctx.prisma.detection.count()).toBe(1);
    expect(await ctx.prisma.event.count()).toBe(1);
    expect(await readdir(thumbnails)).toEqual(['fresh.jpg']);
    expect(await readdir(root)).toContain('outside.jpg');
  });

  it('uses the retention period from the runtime config and rejects a bad dry_run', async () => {
    await seed();
    const { app } = buildTestApp(ctx, { now: () => NOW }, { THUMBNAIL_DIR: thumbnails });
    await request(app).patch('/api/system/config').send({ retention_days: 60 }).expect(200);
    const dry = await request(app).post('/api/system/cleanup?dry_run=true').expect(200);
    expect(dry.body).toMatchObject({ retention_days: 60, events_deleted: 0, detections_deleted: 0 });
    await request(app).post('/api/system/cleanup?dry_run=maybe').expect(422);
    await ctx.prisma.setting.deleteMany();
  });

  it('deletes in batches until nothing old is left', async () => {
    await detectionFactory.createList(ctx.prisma, 7, { camera_id: 'front_door', detected_at: daysAgo(50) });
    await eventFactory.createList(ctx.prisma, 5, { camera_id: 'front_door', started_at: daysAgo(50) });
    const report = await runRetention({
      prisma: ctx.prisma,
      logger: createLogger({ service: 'test', level: 'silent' }),
      thumbnailDir: thumbnails,
      retentionDays: 30,
      now: NOW,
      dryRun: false,
      batchSize: 2,
    });
    expect(report).toMatchObject({ events_deleted: 5, detections_deleted: 7 });
    expect(await ctx.prisma.detection.count()).toBe(0);
  });
});
