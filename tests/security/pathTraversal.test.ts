import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cameraFactory, rawRequestTo, startLiveApi, useIntegrationContext, type LiveApi } from './harness';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-MEDIA-ROOT';

const VARIANTS = [
  '../secret.jpg',
  '../../secret.jpg',
  '..%2fsecret.jpg',
  '..%2Fsecret.jpg',
  '%2e%2e/secret.jpg',
  '%2E%2E%2Fsecret.jpg',
  '%252e%252e%252fsecret.jpg',
  '..%252fsecret.jpg',
  '%2fetc%2fpasswd.jpg',
  '%2Ftmp%2Fsecret.jpg',
  '..%5csecret.jpg',
  '..\\secret.jpg',
  '....//secret.jpg',
  '.%2e/secret.jpg',
  '%c0%ae%c0%ae/secret.jpg',
  'ok.jpg%00../../secret.jpg',
  'C:%5Cwindows%5Cwin.jpg',
  'link.jpg',
  'dirlink/secret.jpg',
];

describe('path traversal against the media routes', () => {
  const ctx = useIntegrationContext('sec-traversal');
  let root: string;
  let app: LiveApi;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'secpipe-traversal-'));
    const cameras = path.join(root, 'media', 'cameras');
    const thumbnails = path.join(root, 'media', 'thumbnails');
    await mkdir(path.join(cameras, 'porch'), { recursive: true });
    await mkdir(thumbnails, { recursive: true });
    await writeFile(path.join(root, 'secret.jpg'), SECRET);
    await writeFile(path.join(root, 'media', 'secret.jpg'), SECRET);
    await writeFile(path.join(cameras, 'secret.jpg'), SECRET);
    for (const dir of [path.join(cameras, 'porch'), thumbnails]) {
      await symlink(path.join(root, 'secret.jpg'), path.join(dir, 'link.jpg'));
      await symlink(root, path.join(dir, 'dirlink'));
    }
    await cameraFactory.create(ctx.prisma, { id: 'porch', name: 'Porch', folder_path: path.join(cameras, 'porch') });
    app = await startLiveApi(ctx, { CAMERA_ROOT: cameras, THUMBNAIL_DIR: thumbnails });
  }, 90_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(VARIANTS)('refuses %s in both media routes', async (variant) => {
    for (const base of ['/api/media/thumbnails/', '/api/media/cameras/porch/']) {
      const res = await rawRequestTo(app, 'GET', `${base}${variant}`);
      expect(res.body).not.toContain(SECRET);
      // 403 {error, path} for every escape; a 400 is acceptable only for bytes the router cannot decode.
      if (res.status === 400) continue;
      expect({ url: `${base}${variant}`, status: res.status }).toEqual({ url: `${base}${variant}`, status: 403 });
      expect(JSON.parse(res.body)).toEqual({ error: expect.any(String), path: expect.any(String) });
    }
  });

  it('refuses traversal in the camera id itself', async () => {
    for (const id of ['..', '..%2F..', '%2e%2e', 'PORCH', 'porch%00']) {
      const res = await rawRequestTo(app, 'GET', `/api/media/cameras/${id}/secret.jpg`);
      expect(res.body).not.toContain(SECRET);
      expect([403, 404]).toContain(res.status);
    }
  });
});
