import path from 'node:path';
import request from 'supertest';
import { jpegVariant, makeJpeg, useIntegrationContext, waitFor, writeUpload } from '@secpipe/testing';
import { buildTestApp } from '../../services/api/test/testApp';
import { detectionJobs, detectionQueue, makeCameraRoot, startIngest, testConfig } from '../../services/ingest/test/support/ingestHarness';

// One camera-id rule for REST and ingest: a camera registered over the API under a name with
// dots receives its uploads even when ingest creates no cameras of its own.
describe('a camera created over REST receives its uploads', () => {
  const ctx = useIntegrationContext('camera-id-rule');

  it('registers Garage.Cam.2 as garage_cam_2 and ingest delivers its upload to that camera', async () => {
    const { root, remove } = await makeCameraRoot();
    ctx.onClose(remove);
    const { app } = buildTestApp(ctx);
    const created = await request(app)
      .post('/api/cameras')
      .send({ name: 'Garage.Cam.2', folder_path: path.join(root, 'Garage.Cam.2') })
      .expect(201);
    expect(created.body.id).toBe('garage_cam_2');

    const ingest = await startIngest(ctx, testConfig(ctx, root, { STABILITY_MS: '300', AUTO_CREATE_CAMERAS: 'false' }));
    await waitFor(() => ingest.service.readiness().watcher, { what: 'watcher running' });
    const file = await writeUpload(root, 'Garage.Cam.2/snap.jpg', jpegVariant(await makeJpeg({ seed: 5 }), 'garage'));

    const job = await waitFor(async () => (await detectionJobs(detectionQueue(ctx))).find((j) => j.data.file_path === file), { what: 'the detection job' });
    expect(job.data.camera_id).toBe('garage_cam_2');
    const camera = await waitFor(() => ctx.prisma.camera.findFirst({ where: { id: 'garage_cam_2', last_seen_at: { not: null } } }), { what: 'camera seen' });
    expect(camera.name).toBe('Garage.Cam.2');
    expect(await ctx.prisma.camera.count()).toBe(1);
  });
});
