import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cameraFactory, rawRequest, request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

describe('media routes', () => {
  const ctx = useIntegrationContext('api-media');
  let root: string;
  let cameraRoot: string;
  let thumbnails: string;
  let app: ReturnType<typeof buildTestApp>['app'];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'secpipe-media-'));
    cameraRoot = path.join(root, 'cameras');
    thumbnails = path.join(root, 'thumbnails');
    await mkdir(path.join(cameraRoot, 'Front Door', 'clips'), { recursive: true });
    await mkdir(thumbnails, { recursive: true });
    await writeFile(path.join(cameraRoot, 'Front Door', 'snap.jpg'), JPEG);
    await writeFile(path.join(cameraRoot, 'Front Door', 'clips', 'clip.mp4'), 'mp4');
    await writeFile(path.join(cameraRoot, 'Front Door', 'notes.txt'), 'not media');
    await writeFile(path.join(root, 'secret.jpg'), 'SECRET-CONTENT');
    await writeFile(path.join(thumbnails, 'det_1.png'), 'png');
    await writeFile(path.join(thumbnails, 'anim.gif'), 'gif');
    await symlink(path.join(root, 'secret.jpg'), path.join(thumbnails, 'escape.jpg'));
    await symlink(path.join(root, 'secret.jpg'), path.join(cameraRoot, 'Front Door', 'escape.jpg'));
    await cameraFactory.create(ctx.prisma, { id: 'front_door', name: 'Front Door', folder_path: path.join(cameraRoot, 'Front Door') });
    await cameraFactory.create(ctx.prisma, { id: 'rogue', name: 'Rogue', folder_path: root });
    app = buildTestApp(ctx, {}, { CAMERA_ROOT: cameraRoot, THUMBNAIL_DIR: thumbnails }).app;
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves camera files and thumbnails with their content type', async () => {
    const snap = await request(app).get('/api/media/cameras/front_door/snap.jpg').expect(200);
    expect(snap.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(snap.body as Buffer, JPEG)).toBe(0);
    const clip = await request(app).get('/api/media/cameras/front_door/clips/clip.mp4').expect(200);
    expect(clip.headers['content-type']).toBe('video/mp4');
    expect((await request(app).get('/api/media/thumbnails/det_1.png').expect(200)).headers['content-type']).toBe('image/png');
    expect((await request(app).get('/api/media/thumbnails/anim.gif').expect(200)).headers['content-type']).toBe('image/gif');
  });

  it('answers 404 for a missing file or camera', async () => {
    await request(app).get('/api/media/cameras/front_door/missing.jpg').expect(404);
    await request(app).get('/api/media/thumbnails/missing.png').expect(404);
    await request(app).get('/api/media/cameras/no_such_camera/snap.jpg').expect(404);
  });

  it('refuses file types outside the allow-list', async () => {
    const res = await request(app).get('/api/media/cameras/front_door/notes.txt').expect(403);
    expect(res.body).toEqual({ error: 'File type not allowed', path: 'notes.txt' });
    await request(app).get('/api/media/thumbnails/det_1.svg').expect(403);
    await request(app).get('/api/media/thumbnails/noextension').expect(403);
  });

  it.each([
    ['dot segments', '/api/media/thumbnails/../secret.jpg'],
    ['dot segments in a camera path', '/api/media/cameras/front_door/../../secret.jpg'],
    ['dot segments as the camera', '/api/media/cameras/../secret.jpg'],
    ['percent-encoded dots and slashes', '/api/media/thumbnails/..%2Fsecret.jpg'],
    ['percent-encoded dots', '/api/media/thumbnails/%2e%2e/secret.jpg'],
    ['double encoding', '/api/media/thumbnails/%252e%252e%252fsecret.jpg'],
    ['an absolute path', '/api/media/thumbnails/%2Fetc%2Fpasswd.jpg'],
    ['backslashes', '/api/media/thumbnails/..%5Csecret.jpg'],
    ['a raw backslash', '/api/media/thumbnails/..\\secret.jpg'],
    ['a NUL byte', '/api/media/thumbnails/det_1.png%00.jpg'],
    ['a symlink out of the thumbnail folder', '/api/media/thumbnails/escape.jpg'],
    ['a symlink out of the camera folder', '/api/media/cameras/front_door/escape.jpg'],
    ['a camera whose folder is outside the camera root', '/api/media/cameras/rogue/secret.jpg'],
  ])('refuses %s with 403 {error, path}', async (_label, rawPath) => {
    const res = await rawRequest(app, 'GET', rawPath);
    expect(res.status).toBe(403);
    const body = JSON.parse(res.body) as { error: string; path: string };
    expect(body).toEqual({ error: expect.any(String), path: expect.any(String) });
    expect(res.body).not.toContain('SECRET-CONTENT');
  });
});
