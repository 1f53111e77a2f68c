import { writeRuntimeConfig } from '@secpipe/core';
import { cameraFactory, useIntegrationContext } from '@secpipe/testing';
import { openClient, startWsApi, type TestClient, type WsApi } from './wsHarness';
import { eventData } from './wsMessages';

const ctx = useIntegrationContext('ws-cameras');
// Sweeps are driven by the test (concurrently on both replicas) rather than by the timer.
const ENV = { CAMERA_STATUS_SWEEP_SECONDS: '3600', WS_SYSTEM_INTERVAL_SECONDS: '3600' };
let first: WsApi;
let second: WsApi;

beforeAll(async () => {
  first = await startWsApi(ctx, ENV);
  second = await startWsApi(ctx, ENV);
});

/** Both replicas sweep at once, three times each; returns every transition they published. */
async function sweepEverywhere() {
  const results = await Promise.all([first, second, first, second, first, second].map((api) => api.sockets.cameraStatus.sweep()));
  return results.flat();
}

async function nthOfType(client: TestClient, type: string, index: number): Promise<Record<string, unknown>> {
  await client.until(() => client.ofType(type).length > index, `${type} #${index + 1}`);
  return client.ofType(type)[index];
}

/** The uploads path as ingest writes it: last_seen_at moves and an offline camera is online. */
async function recordUpload(cameraId: string): Promise<void> {
  await ctx.prisma.$executeRaw`
    UPDATE cameras SET last_seen_at = GREATEST(last_seen_at, now()),
      status = CASE WHEN status IN ('offline', 'unknown') THEN 'online'::"CameraStatus" ELSE status END
    WHERE id = ${cameraId}`;
}

describe('camera status with two replicas', () => {
  it('marks a silent camera offline and back online on its next upload, one message each way', async () => {
    const silentSince = new Date(Date.now() - 10 * 60_000);
    await cameraFactory.create(ctx.prisma, { id: 'porch', name: 'Porch', folder_path: '/cams/porch', status: 'online', last_seen_at: silentSince });
    await cameraFactory.create(ctx.prisma, { id: 'yard', name: 'Yard', folder_path: '/cams/yard', status: 'online', last_seen_at: new Date() });
    const client = await openClient(ctx, second.baseUrl, '/ws/events');

    expect(await sweepEverywhere()).toEqual([{ camera_id: 'porch', status: 'offline' }]);
    expect((await ctx.prisma.camera.findUniqueOrThrow({ where: { id: 'porch' } })).status).toBe('offline');
    expect((await ctx.prisma.camera.findUniqueOrThrow({ where: { id: 'yard' } })).status).toBe('online');
    const offline = await nthOfType(client, 'camera_status', 0);
    expect(offline).toMatchObject({
      type: 'camera_status',
      data: { camera_id: 'porch', status: 'offline', previous_status: 'online', last_seen_at: silentSince.toISOString(), reason: 'No upload for 300 s' },
    });
    expect(await sweepEverywhere()).toEqual([]);

    await recordUpload('porch');
    expect(await sweepEverywhere()).toEqual([{ camera_id: 'porch', status: 'online' }]);
    const online = await nthOfType(client, 'camera_status', 1);
    expect(online).toMatchObject({ data: { camera_id: 'porch', status: 'online', previous_status: 'offline', reason: 'Upload received' } });
    expect(online.sequence as number).toBeGreaterThan(offline.sequence as number);
    expect(await sweepEverywhere()).toEqual([]);

    // Everything published before this marker has reached the client: exactly two transitions.
    const marker = await first.publisher.publish('event', eventData(1));
    await client.until((messages) => messages.some((message) => message.sequence === marker.sequence), 'the marker');
    expect(client.ofType('camera_status')).toHaveLength(2);
  });

  it('uses the runtime setting camera_offline_after_seconds', async () => {
    await cameraFactory.create(ctx.prisma, { id: 'shed', name: 'Shed', folder_path: '/cams/shed', status: 'online', last_seen_at: new Date(Date.now() - 120_000) });
    expect(await sweepEverywhere()).toEqual([]);
    await writeRuntimeConfig(ctx.prisma, { camera_offline_after_seconds: 60 });
    expect(await sweepEverywhere()).toEqual([{ camera_id: 'shed', status: 'offline' }]);
  });
});

describe('the sweep timer', () => {
  it('sweeps on its own every CAMERA_STATUS_SWEEP_SECONDS', async () => {
    const timed = await startWsApi(ctx, { CAMERA_STATUS_SWEEP_SECONDS: '1', WS_SYSTEM_INTERVAL_SECONDS: '3600' });
    const client = await openClient(ctx, timed.baseUrl, '/ws/events');
    client.send({ type: 'subscribe', channels: ['camera_status'], camera_ids: ['attic'] });
    await client.nextOfType('subscribed');
    await cameraFactory.create(ctx.prisma, { id: 'attic', name: 'Attic', folder_path: '/cams/attic', status: 'online', last_seen_at: new Date(Date.now() - 3_600_000) });
    await client.until(() => client.ofType('camera_status').length === 1, 'the attic going offline', 5000);
    expect(client.ofType('camera_status')[0]).toMatchObject({ data: { camera_id: 'attic', status: 'offline' } });
  });
});
