import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clipFrameName, clipFramesFolder } from '@secpipe/core';
import type { Test } from 'supertest';
import { cameraFactory, detectionFactory, request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

/** Bytes whose value says where they lie, so a range's content can be checked exactly. */
const CLIP = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));
const FIRST_FRAME = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const CLIP_HASH = 'ab'.repeat(32);

/** Collects any content type into a Buffer (supertest only does so for the types it knows). */
const binary: Parameters<Test['parse']>[0] = (res, done) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('clips over the media routes: range requests, thumbnails, a detection\'s clip', () => {
  const ctx = useIntegrationContext('api-video-media');
  let root: string;
  let cameraRoot: string;
  let clipPath: string;
  let app: ReturnType<typeof buildTestApp>['app'];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'secpipe-video-media-'));
    cameraRoot = path.join(root, 'cameras');
    clipPath = path.join(cameraRoot, 'Driveway', 'clips', 'motion.mp4');
    await mkdir(path.dirname(clipPath), { recursive: true });
    await writeFile(clipPath, CLIP);
    await writeFile(path.join(cameraRoot, 'Driveway', 'clips', 'fresh.mkv'), CLIP.subarray(0, 100));
    const frames = clipFramesFolder(clipPath, CLIP_HASH);
    await mkdir(frames, { recursive: true });
    await writeFile(path.join(frames, clipFrameName(0)), FIRST_FRAME);
    await writeFile(path.join(root, 'outside.mp4'), CLIP);
    await cameraFactory.create(ctx.prisma, { id: 'driveway', name: 'Driveway', folder_path: path.join(cameraRoot, 'Driveway') });
    app = buildTestApp(ctx, {}, { CAMERA_ROOT: cameraRoot, THUMBNAIL_DIR: path.join(root, 'thumbnails') }).app;
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const clipUrl = '/api/media/cameras/driveway/clips/motion.mp4';

  it('serves the whole clip with Accept-Ranges', async () => {
    const res = await request(app).get(clipUrl).buffer(true).parse(binary).expect(200);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(Buffer.compare(res.body as Buffer, CLIP)).toBe(0);
  });

  it.each([
    ['the first bytes', 'bytes=0-99', 0, 100],
    ['a middle range', 'bytes=4000-4999', 4000, 5000],
    ['a suffix range', 'bytes=-500', 9500, 10_000],
    ['an open-ended range', 'bytes=9990-', 9990, 10_000],
  ])('answers %s with 206 and exactly those bytes', async (_label, range, start, end) => {
    const res = await request(app).get(clipUrl).set('Range', range).buffer(true).parse(binary).expect(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end - 1}/${CLIP.length}`);
    expect(res.headers['content-length']).toBe(String(end - start));
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(Buffer.compare(res.body as Buffer, CLIP.subarray(start, end))).toBe(0);
  });

  it('answers a range outside the clip with 416 and the clip size', async () => {
    const res = await request(app).get(clipUrl).set('Range', 'bytes=20000-30000').expect(416);
    expect(res.headers['content-range']).toBe(`bytes */${CLIP.length}`);
  });

  it("serves a clip's first frame as its thumbnail, and 404 before ingest has extracted one", async () => {
    const res = await request(app).get(`${clipUrl}?thumbnail=true`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(res.body as Buffer, FIRST_FRAME)).toBe(0);
    await request(app).get('/api/media/cameras/driveway/clips/fresh.mkv?thumbnail=true').expect(404);
    const mkv = await request(app).get('/api/media/cameras/driveway/clips/fresh.mkv').expect(200);
    expect(mkv.headers['content-type']).toBe('video/x-matroska');
  });

  it("streams a video detection's clip with ranges, and refuses snapshots and clips outside the camera root", async () => {
    const frame = await detectionFactory.create(ctx.prisma, {
      camera_id: 'driveway',
      media_type: 'video',
      file_path: path.join(clipFramesFolder(clipPath, CLIP_HASH), clipFrameName(0)),
      video_path: clipPath,
      frame_offset: 0,
      duration: 12,
      video_codec: 'h264',
      video_width: 320,
      video_height: 240,
    });
    const whole = await request(app).get(`/api/detections/${frame.id}/video`).buffer(true).parse(binary).expect(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Buffer.compare(whole.body as Buffer, CLIP)).toBe(0);
    const part = await request(app).get(`/api/detections/${frame.id}/video`).set('Range', 'bytes=100-199').buffer(true).parse(binary).expect(206);
    expect(Buffer.compare(part.body as Buffer, CLIP.subarray(100, 200))).toBe(0);
    await request(app).get(`/api/detections/${frame.id}/video`).set('Range', 'bytes=50000-').expect(416);

    const detail = await request(app).get(`/api/detections/${frame.id}`).expect(200);
    expect(detail.body).toMatchObject({ media_type: 'video', video_path: clipPath, frame_offset: 0, duration: 12, video_codec: 'h264', video_width: 320, video_height: 240 });

    const snapshot = await detectionFactory.create(ctx.prisma, { camera_id: 'driveway' });
    await request(app).get(`/api/detections/${snapshot.id}/video`).expect(404);
    const listed = await request(app).get('/api/detections?camera_id=driveway').expect(200);
    expect((listed.body as { items: Array<{ id: number; video_path: string | null }> }).items.find((d) => d.id === snapshot.id)?.video_path).toBeNull();

    const escaped = await detectionFactory.create(ctx.prisma, { camera_id: 'driveway', media_type: 'video', video_path: path.join(root, 'outside.mp4') });
    await request(app).get(`/api/detections/${escaped.id}/video`).expect(403);
    const gone = await detectionFactory.create(ctx.prisma, { camera_id: 'driveway', media_type: 'video', video_path: path.join(cameraRoot, 'Driveway', 'gone.mp4') });
    await request(app).get(`/api/detections/${gone.id}/video`).expect(404);
  });
});
