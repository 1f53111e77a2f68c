import { rm } from 'node:fs/promises';
import { bootWorkerService, createDatabase, poolConfigFromUrl, readHeartbeats, type ServiceKit } from '@secpipe/core';
import { makeJpeg, useIntegrationContext, waitFor, writeUpload, type IntegrationContext } from '@secpipe/testing';
import type { IngestConfig } from '../src/config';
import type { IngestService } from '../src/ingestService';
import { detectionJobs, detectionQueue, makeCameraRoot, startIngest, testConfig } from './support/ingestHarness';
import { switchableProxy } from './support/switchableProxy';

/** The ops server and heartbeat wired to the pipeline as main.ts wires them. */
async function bootOps(ctx: IntegrationContext, config: IngestConfig, service: IngestService): Promise<ServiceKit> {
  const kit = await bootWorkerService({ name: 'ingest', config: { ...config, LOG_LEVEL: 'silent' }, readiness: async () => service.readiness(), status: () => service.health() });
  ctx.onClose(() => kit.close());
  return kit;
}

async function heartbeatNow(ctx: IntegrationContext, kit: ServiceKit) {
  await kit.heartbeat.beat();
  return (await readHeartbeats(ctx.redis, ctx.prefix, ['ingest'])).ingest;
}

async function ready(kit: ServiceKit): Promise<{ status: number; body: { ready: boolean; checks: Record<string, boolean> } }> {
  const response = await fetch(`http://127.0.0.1:${kit.ops.port}/ready`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: Record<string, boolean> } };
}

describe('ingest health tells the truth', () => {
  const ctx = useIntegrationContext('ingest-health');

  it('is degraded with the reason and the parked count while PostgreSQL is down, healthy once delivered', async () => {
    const { root, remove } = await makeCameraRoot();
    ctx.onClose(remove);
    // PostgreSQL reached through a forwarder the test can cut, so the shared server stays up.
    const target = poolConfigFromUrl(ctx.databaseUrl);
    const proxy = await switchableProxy({ host: String(target.host), port: Number(target.port) });
    const url = new URL(ctx.databaseUrl);
    url.port = String(proxy.port);
    const { prisma, pool } = createDatabase({ databaseUrl: url.toString(), maxConnections: 2 });
    pool.on('error', () => undefined); // idle connections cut by the outage
    ctx.onClose(() => prisma.$disconnect());
    const config = testConfig(ctx, root, { RETRY_MIN_MS: '100', RETRY_MAX_MS: '500' });
    const ingest = await startIngest(ctx, config, { prisma });
    const kit = await bootOps(ctx, config, ingest.service);
    expect(await heartbeatNow(ctx, kit)).toMatchObject({ status: 'healthy', details: { parked: 0 } });

    await proxy.cut();
    const jpeg = await makeJpeg({ seed: 7 });
    // A camera folder ingest has not seen yet must be registered in PostgreSQL before its job.
    const file = await writeUpload(root, 'garden/first.jpg', jpeg);
    await waitFor(() => ingest.service.backlog().parked === 1, { what: 'the upload parked' });
    const during = await heartbeatNow(ctx, kit);
    expect(during).toMatchObject({
      status: 'degraded',
      message: '1 upload parked: PostgreSQL unavailable',
      details: { parked: 1, parked_reason: 'PostgreSQL unavailable' },
    });
    // Readiness stays about watching and Redis: uploads are still noted while they wait.
    expect((await ready(kit)).status).toBe(200);

    await proxy.restore();
    const queue = detectionQueue(ctx);
    await waitFor(async () => (await detectionJobs(queue)).some((job) => job.data.file_path === file), { timeoutMs: 15_000, what: 'the parked upload enqueued' });
    await waitFor(async () => (await heartbeatNow(ctx, kit))?.status === 'healthy', { what: 'healthy again' });
    expect((await heartbeatNow(ctx, kit))?.details).toEqual({ following: 0, parked: 0 });
    await ingest.stop();
    await proxy.cut();
  });

  it.each([
    ['native events', 'false'],
    ['polling', 'true'],
  ])('answers /ready 503 naming the watcher when CAMERA_ROOT is removed (%s)', async (_label, polling) => {
    const { root, remove } = await makeCameraRoot();
    ctx.onClose(remove);
    const config = testConfig(ctx, root, { FILE_WATCHER_POLLING: polling, FILE_WATCHER_POLL_INTERVAL_MS: '50' });
    const ingest = await startIngest(ctx, config);
    const kit = await bootOps(ctx, config, ingest.service);
    expect(await ready(kit)).toMatchObject({ status: 200, body: { ready: true, checks: { watcher: true } } });

    await rm(root, { recursive: true, force: true });
    await waitFor(async () => (await ready(kit)).status === 503, { what: '/ready to fail' });
    expect((await ready(kit)).body).toMatchObject({ ready: false, checks: { watcher: false, redis: true } });
    const heartbeat = await heartbeatNow(ctx, kit);
    expect(heartbeat?.status).toBe('unhealthy');
    expect(heartbeat?.message).toContain(`Camera folders not watched: ${root}`);
    await ingest.stop();
  });
});
