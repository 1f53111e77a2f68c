import type { Express } from 'express';
import { heartbeatKey, type Heartbeat } from '@secpipe/core';
import type { IntegrationContext } from '@secpipe/testing';
import type { ApiDeps } from '../../src/deps';
import { runDlqContractTour } from './dlqContractTour';
import { runMediaContractTour } from './mediaContractTour';
import { runNotificationContractTour } from './notificationContractTour';
import type { ResponseValidator } from './responseValidator';
import { tourCaller, type TourCall } from './tourCaller';

/** Every worker reports in, the analyzer with `breakers`, so health and the breaker view have something to show. */
async function writeHeartbeats(ctx: IntegrationContext, deps: ApiDeps, breakers: Heartbeat['breakers']): Promise<void> {
  const now = new Date().toISOString();
  for (const service of deps.config.WORKER_SERVICES) {
    const beat: Heartbeat = { service, version: deps.version, status: 'healthy', pid: 4242, started_at: now, updated_at: now, breakers: service === 'analyzer' ? breakers : {} };
    await ctx.redis.set(heartbeatKey(deps.config.QUEUE_PREFIX, service), JSON.stringify(beat), 'PX', 60_000);
  }
}

async function clearHeartbeats(ctx: IntegrationContext, deps: ApiDeps): Promise<void> {
  await ctx.redis.del(...deps.config.WORKER_SERVICES.map((service) => heartbeatKey(deps.config.QUEUE_PREFIX, service)));
}

async function tourLiveness(call: TourCall): Promise<void> {
  await call('get', '/health', '/health');
  await call('get', '/ready', '/ready');
  await call('get', '/api/metrics', '/api/metrics');
}

async function tourHealth(call: TourCall, ctx: IntegrationContext, deps: ApiDeps): Promise<void> {
  await writeHeartbeats(ctx, deps, {});
  await call('get', '/api/system/health', '/api/system/health');
  await call('get', '/api/system/gpu', '/api/system/gpu');
  await call('get', '/api/system/gpu/history', '/api/system/gpu/history');
  await writeHeartbeats(ctx, deps, { llm: 'open', notifier: 'half_open' });
  await call('get', '/api/system/circuit-breakers', '/api/system/circuit-breakers');
  await call('get', '/api/system/health', '/api/system/health');
  await clearHeartbeats(ctx, deps);
  await call('get', '/api/system/health/ready', '/api/system/health/ready');
  await call('get', '/api/system/circuit-breakers', '/api/system/circuit-breakers');
}

async function tourSettings(call: TourCall): Promise<void> {
  await call('get', '/api/system/stats', '/api/system/stats');
  await call('get', '/api/system/telemetry', '/api/system/telemetry');
  await call('get', '/api/system/config', '/api/system/config');
  await call('patch', '/api/system/config', '/api/system/config', { batch_window_seconds: 45, fast_path_object_types: ['person'] });
  await call('patch', '/api/system/config', '/api/system/config', { detection_confidence_threshold: 7 });
  await call('post', '/api/system/cleanup', '/api/system/cleanup?dry_run=true');
  await call('post', '/api/system/cleanup', '/api/system/cleanup?dry_run=false');
  await call('post', '/api/system/cleanup', '/api/system/cleanup?dry_run=maybe');
  // The config changes above (and the resource tour's changes) are in the audit trail.
  await call('get', '/api/audit', '/api/audit?limit=2');
  await call('get', '/api/audit', '/api/audit?resource_type=runtime_config&action=config.update');
  await call('get', '/api/audit', '/api/audit?limit=0');
}

/**
 * Calls every documented operation outside the resource routes (liveness, metrics, system, dead
 * letters, media; success and error answers) and checks each response against the document.
 * Returns the number of responses checked.
 */
export async function runOpsContractTour(app: Express, deps: ApiDeps, ctx: IntegrationContext, validator: ResponseValidator): Promise<number> {
  const { call, count } = tourCaller(app, validator);
  await tourLiveness(call);
  await tourHealth(call, ctx, deps);
  await tourSettings(call);
  await runDlqContractTour(call, ctx, deps);
  await runMediaContractTour(call, ctx, deps);
  await runNotificationContractTour(call, ctx, deps);
  return count();
}
