import { writeRuntimeConfig } from '@secpipe/core';
import { freePort, launchService, testRedisUrl, useIntegrationContext, waitFor, type ServiceProcess } from '@secpipe/testing';
import { AnalysisProbe, enrichmentProducer, seedImage } from './support/enrichmentHarness';

const ctx = useIntegrationContext('enrichment-restart');

async function launch(): Promise<ServiceProcess> {
  const service = launchService('enrichment', {
    DATABASE_URL: ctx.databaseUrl,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: ctx.prefix,
    OPS_PORT: String(await freePort()),
    BATCH_SWEEP_INTERVAL_MS: '100',
    LOG_LEVEL: 'info',
  });
  ctx.onClose(() => service.stop());
  await service.waitForLog('service started', 60_000);
  return service;
}

describe('enrichment process killed with an open batch', () => {
  it('closes the batch once after a restart, with the batch settings from the settings table', async () => {
    // Runtime settings, as PATCH /api/system/config stores them.
    await writeRuntimeConfig(ctx.prisma, { batch_idle_timeout_seconds: 3, batch_window_seconds: 30 });
    const probe = new AnalysisProbe(ctx);
    const first = await launch();
    const job = await seedImage(ctx, 'killed_cam', 3);
    await enrichmentProducer(ctx).enqueue(job);
    await first.waitForLog('image enriched', 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await probe.jobs('killed_cam')).toEqual([]);

    const second = await launch();
    const [analysis] = await waitFor(() => probe.jobs('killed_cam').then((all) => all.length > 0 && all), { what: 'analysis after restart', timeoutMs: 20_000 });
    expect([...analysis.detection_ids].sort((a, b) => a - b)).toEqual(job.detection_ids);
    expect(analysis.close_reason).toBe('idle');
    await second.waitForLog('batch closed');
    expect(await probe.jobs('killed_cam')).toHaveLength(1);
    expect(await second.stop()).toBe(0);
  }, 90_000);
});
