import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import sharp from 'sharp';
import { cameraFactory, detectionFactory, useIntegrationContext } from '@secpipe/testing';
import { boxedImagePath } from '../src/media/detectionImage';
import { buildTestApp } from './testApp';
import { expectProblem, expectValidationError, useTempDir, writeJpeg } from './support';

describe('detections', () => {
  const ctx = useIntegrationContext('api-detections');
  const media = useTempDir('api-detections');
  const appWithThumbnails = () => {
    const built = buildTestApp(ctx);
    built.deps.config.THUMBNAIL_DIR = path.join(media.path, 'thumbnails');
    return built;
  };

  it('filters by camera, object type, date range and confidence', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const base = { camera_id: camera.id };
    const person = await detectionFactory.create(ctx.prisma, { ...base, object_type: 'person', confidence: 0.7, detected_at: new Date('2026-11-20T10:00:00Z') });
    await detectionFactory.create(ctx.prisma, { ...base, object_type: 'car', confidence: 0.95, detected_at: new Date('2026-11-20T11:00:00Z') });
    await detectionFactory.create(ctx.prisma, { ...base, object_type: 'person', confidence: 0.4, detected_at: new Date('2026-11-19T10:00:00Z') });
    await detectionFactory.create(ctx.prisma, { object_type: 'person', confidence: 0.99 });

    const ids = async (query: string) => (await request(app).get(`/api/detections?camera_id=${camera.id}&${query}`).expect(200)).body.items.map((d: { id: number }) => d.id);
    expect(await ids('')).toHaveLength(3);
    expect(await ids('object_type=person')).toHaveLength(2);
    // 0.7 is stored as a 4-byte real; the filter compares in the same type so it still matches.
    expect(await ids('object_type=person&min_confidence=0.7')).toEqual([person.id]);
    expect(await ids('start_date=2026-11-20T00:00:00Z&end_date=2026-11-20T10:30:00Z')).toEqual([person.id]);
    const one = await request(app).get(`/api/detections/${person.id}`).expect(200);
    expect(one.body).toMatchObject({ id: person.id, camera_id: camera.id, object_type: 'person', confidence: 0.7, bbox_width: 120, enrichment_data: null });

    expectValidationError(await request(app).get('/api/detections?min_confidence=2'), 'query.min_confidence');
    expectValidationError(await request(app).get('/api/detections?start_date=yesterday'), 'query.start_date');
    expectValidationError(await request(app).get('/api/detections?start_date=2026-11-21&end_date=2026-11-20'), 'query.start_date');
    expectValidationError(await request(app).get('/api/detections?cursor=garbage'), 'query.cursor');
    expectValidationError(await request(app).get('/api/detections/abc'), 'params.id');
    expectProblem(await request(app).get('/api/detections/999999'), 404);
  });

  it('pages through detections by keyset cursor', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    // Equal timestamps: the id breaks the tie, so no row is skipped or repeated.
    await detectionFactory.createList(ctx.prisma, 7, { camera_id: camera.id, detected_at: new Date('2026-11-18T00:00:00Z') });
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res: request.Response = await request(app).get(`/api/detections?camera_id=${camera.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...res.body.items.map((d: { id: number }) => d.id));
      expect(res.body.pagination.total).toBe(7);
      cursor = res.body.pagination.next_cursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('reports per-class counts and mean confidence', async () => {
    const { app } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    await detectionFactory.create(ctx.prisma, { camera_id: camera.id, object_type: 'person', confidence: 0.5 });
    await detectionFactory.create(ctx.prisma, { camera_id: camera.id, object_type: 'person', confidence: 0.7 });
    await detectionFactory.create(ctx.prisma, { camera_id: camera.id, object_type: 'dog', confidence: 0.9 });
    const res = await request(app).get(`/api/detections/stats?camera_id=${camera.id}`).expect(200);
    expect(res.body).toEqual({ total_detections: 3, detections_by_class: { person: 2, dog: 1 }, average_confidence: 0.7 });
    const none = await request(app).get('/api/detections/stats?camera_id=nobody').expect(200);
    expect(none.body).toEqual({ total_detections: 0, detections_by_class: {}, average_confidence: null });
  });

  it('draws the box on first request, caches it on disk and serves the cache afterwards', async () => {
    const { app, deps } = appWithThumbnails();
    const original = await writeJpeg(path.join(media.path, 'frame.jpg'), 1280, 720);
    const detection = await detectionFactory.create(ctx.prisma, { file_path: original, bbox_x: 100, bbox_y: 100, bbox_width: 300, bbox_height: 400 });
    const first = await request(app).get(`/api/detections/${detection.id}/image`).buffer(true).expect(200);
    expect(first.headers['content-type']).toBe('image/jpeg');
    expect(first.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(first.headers['x-thumbnail-cache']).toBe('miss');
    const cachedFile = boxedImagePath(deps.config.THUMBNAIL_DIR, detection.id);
    expect(existsSync(cachedFile)).toBe(true);
    const drawn = await sharp(first.body as Buffer).metadata();
    expect([drawn.width, drawn.height]).toEqual([640, 360]);
    // The box edge (scaled by 0.5 to x=50) is red, the background is not.
    const { data, info } = await sharp(first.body as Buffer).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [r, g] = pixel(50, 150);
    expect(r).toBeGreaterThan(180);
    expect(g).toBeLessThan(120);
    expect(pixel(400, 300)[0]).toBeLessThan(100);

    const mtime = statSync(cachedFile).mtimeMs;
    const second = await request(app).get(`/api/detections/${detection.id}/image`).buffer(true).expect(200);
    expect(second.headers['x-thumbnail-cache']).toBe('hit');
    expect(Buffer.compare(second.body as Buffer, first.body as Buffer)).toBe(0);
    expect(statSync(cachedFile).mtimeMs).toBe(mtime);

    const full = await request(app).get(`/api/detections/${detection.id}/image?full=true`).buffer(true).expect(200);
    expect(Number(full.headers['content-length'])).toBe(statSync(original).size);
    expectValidationError(await request(app).get(`/api/detections/${detection.id}/image?full=yes`), 'query.full');

    const thumbnail = await request(app).get(`/api/detections/${detection.id}/thumbnail`).buffer(true).expect(200);
    expect(thumbnail.headers['content-type']).toBe('image/jpeg');
  });

  it('answers 404 without revealing paths when the image file is gone', async () => {
    const { app } = appWithThumbnails();
    const detection = await detectionFactory.create(ctx.prisma, { file_path: path.join(media.path, 'vanished.jpg') });
    for (const url of [`/api/detections/${detection.id}/image`, `/api/detections/${detection.id}/image?full=true`, `/api/detections/${detection.id}/thumbnail`]) {
      const res = await request(app).get(url);
      expectProblem(res, 404);
      expect(res.text).not.toContain(media.path);
    }
    expectProblem(await request(app).get('/api/detections/999999/image'), 404);
  });
});
