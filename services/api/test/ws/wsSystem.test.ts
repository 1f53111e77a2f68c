import { heartbeatKey, redisKey, type Heartbeat } from '@secpipe/core';
import { cameraFactory, useIntegrationContext, waitFor } from '@secpipe/testing';
import request from 'supertest';
import { openClient, startWsApi, type WsApi } from './wsHarness';
import { deadLetterDetections, detectionPayload } from '../deadLetters';

const ctx = useIntegrationContext('ws-system');
const ENV = { WS_SYSTEM_INTERVAL_SECONDS: '1', WORKER_SERVICES: 'detector' };
let first: WsApi;
let second: WsApi;

function detectorHeartbeat(status: Heartbeat['status'], images: number, at: Date): Heartbeat {
  return {
    service: 'detector',
    version: 'test',
    status,
    pid: 1,
    started_at: '2026-12-01T00:00:00.000Z',
    updated_at: at.toISOString(),
    breakers: {},
    details: { provider: 'cuda', images, gpu: { utilization: 41, memory_used: 1200, memory_total: 8192, temperature: 63 } },
  };
}

async function writeHeartbeat(heartbeat: Heartbeat): Promise<void> {
  await ctx.redis.set(heartbeatKey(ctx.prefix, 'detector'), JSON.stringify(heartbeat), 'PX', 60_000);
}

beforeAll(async () => {
  await cameraFactory.create(ctx.prisma, { id: 'front_door', name: 'Front Door', folder_path: '/cams/front', status: 'online' });
  await cameraFactory.create(ctx.prisma, { id: 'garage', name: 'Garage', folder_path: '/cams/garage', status: 'offline' });
  first = await startWsApi(ctx, ENV);
  second = await startWsApi(ctx, ENV);
});

describe('/ws/system', () => {
  it('sends system_status on connect and again every interval', async () => {
    const system = await openClient(ctx, first.baseUrl, '/ws/system');
    const greeting = await system.nextOfType('system_status');
    expect(greeting).toEqual({
      type: 'system_status',
      data: { gpu: null, cameras: { active: 1, total: 2 }, queue: { pending: 0, processing: 0, by_stage: { detection: { pending: 0, processing: 0 }, enrichment: { pending: 0, processing: 0 }, analysis: { pending: 0, processing: 0 }, notification: { pending: 0, processing: 0 }, scene_check: { pending: 0, processing: 0 }, scene_alert: { pending: 0, processing: 0 } }, dead_letters: 0 }, health: expect.stringMatching(/^(healthy|degraded|unhealthy)$/) },
      timestamp: expect.any(String),
    });
    // No worker runs in this test: health is degraded, never healthy.
    expect((greeting.data as { health: string }).health).toBe('degraded');
    const started = Date.now();
    await system.nextOfType('system_status', 3000);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(system.ofType('event')).toEqual([]);
  });

  it('counts jobs per pipeline queue and the dead letters', async () => {
    await first.deps.queues.enrichment.add('enrichment', { any: 'payload' }, { jobId: 'status-waiting' });
    await deadLetterDetections(ctx, first.deps.queues.detection, [detectionPayload(1), detectionPayload(2)]);
    const system = await openClient(ctx, first.baseUrl, '/ws/system');
    const status = await system.nextOfType('system_status');
    const queue = (status.data as { queue: { pending: number; by_stage: Record<string, { pending: number }>; dead_letters: number } }).queue;
    expect(queue.by_stage.enrichment.pending).toBe(1);
    expect(queue.pending).toBe(1);
    expect(queue.dead_letters).toBe(2);
    await first.deps.queues.enrichment.remove('status-waiting');
  });

  it('reports the detector heartbeat GPU figures, with a frame rate from its image counter', async () => {
    const now = Date.now();
    await writeHeartbeat(detectorHeartbeat('healthy', 100, new Date(now - 5000)));
    await waitFor(async () => (await request(appUrl(first)).get('/api/system/gpu')).body.provider === 'cuda', { what: 'GPU figures' });
    await waitFor(async () => (await gpuHistoryLength(first)) >= 1, { what: 'a first GPU sample' });
    await writeHeartbeat(detectorHeartbeat('healthy', 150, new Date(now)));
    await waitFor(async () => (await request(appUrl(first)).get('/api/system/gpu')).body.inference_fps === 10, { what: 'a derived frame rate' });

    const gpu = (await request(appUrl(first)).get('/api/system/gpu')).body;
    expect(gpu).toEqual({ provider: 'cuda', utilization: 41, memory_used: 1200, memory_total: 8192, temperature: 63, inference_fps: 10, timestamp: expect.any(String) });
    const system = await openClient(ctx, second.baseUrl, '/ws/system');
    await system.until((messages) => messages.some((message) => (message.data as { gpu: { provider?: string } | null }).gpu?.provider === 'cuda'), 'GPU figures on /ws/system');

    const history = (await request(appUrl(first)).get('/api/system/gpu/history')).body;
    expect(history.window_seconds).toBe(3600);
    expect(history.samples.length).toBeGreaterThanOrEqual(1);
    expect(history.samples.at(-1)).toMatchObject({ provider: 'cuda', utilization: 41, timestamp: expect.any(String) });
  });
});

describe('service_status', () => {
  it('is published once per change with two replicas watching', async () => {
    const statusKey = redisKey(ctx.prefix, 'ws', 'service_status');
    const onFirst = await openClient(ctx, first.baseUrl, '/ws/events');
    const onSecond = await openClient(ctx, second.baseUrl, '/ws/events');
    await waitFor(async () => (await ctx.redis.hget(statusKey, 'detector')) === 'healthy', { what: 'the recorded baseline' });

    await writeHeartbeat(detectorHeartbeat('degraded', 200, new Date()));
    const changed = await onFirst.nextOfType('service_status');
    expect(changed).toMatchObject({ type: 'service_status', data: { service: 'detector', status: 'degraded' }, sequence: expect.any(Number) });

    await ctx.redis.del(heartbeatKey(ctx.prefix, 'detector'));
    await onFirst.until((messages) => messages.filter((message) => message.type === 'service_status').length === 2, 'the second change');
    await onSecond.until((messages) => messages.filter((message) => message.type === 'service_status').length === 2, 'both changes on the second replica');
    const statuses = (messages: Array<Record<string, unknown>>) => messages.filter((message) => message.type === 'service_status').map((message) => [message.sequence, (message.data as { status: string }).status]);
    expect(statuses(onFirst.messages).map(([, status]) => status)).toEqual(['degraded', 'stopped']);
    expect(statuses(onSecond.messages)).toEqual(statuses(onFirst.messages));
  });
});

const urls = new Map<WsApi, string>();
function appUrl(api: WsApi): string {
  if (!urls.has(api)) urls.set(api, api.baseUrl.replace('ws://', 'http://'));
  return urls.get(api)!;
}

function gpuHistoryLength(api: WsApi): Promise<number> {
  return request(appUrl(api))
    .get('/api/system/gpu/history')
    .then((res) => (res.body as { samples: unknown[] }).samples.length);
}
