import { runtimeConfigPatchSchema } from '@secpipe/core';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { jsonResponse as json, redisUnavailableResponse, validationErrorResponse } from '../http/responseDocs';
import { parseRequestPart } from '../http/validate';
import { auditFor } from '../security/auditActor';
import { updateRuntimeConfig } from '../services/runtimeConfigService';
import { readCircuitBreakers } from '../system/circuitBreakers';
import { checkSystemHealth } from '../system/health';
import { runRetention } from '../system/retention';
import { runtimeConfigAppliedBy } from '../system/runtimeConfigAppliers';
import { currentRuntimeConfig } from '../system/runtimeSettings';
import { orRedisUnavailable } from '../system/redisUnavailable';
import { readTelemetry } from '../system/telemetry';
import type { RouteModule } from './routeModule';

const serviceHealth = z.object({ status: z.enum(['healthy', 'degraded', 'unhealthy', 'not_configured']), message: z.string(), details: z.record(z.string(), z.unknown()) });
const healthBody = z.object({ status: z.enum(['healthy', 'degraded', 'unhealthy']), services: z.record(z.string(), serviceHealth), timestamp: z.string() });
const readyBody = healthBody.extend({ ready: z.boolean() });
const statsBody = z.object({ total_cameras: z.number().int(), total_events: z.number().int(), total_detections: z.number().int(), uptime_seconds: z.number() });
const configBody = z.object({
  app_name: z.string(),
  version: z.string(),
  retention_days: z.number().int(),
  batch_window_seconds: z.number().int(),
  batch_idle_timeout_seconds: z.number().int(),
  batch_max_detections: z.number().int(),
  detection_confidence_threshold: z.number(),
  fast_path_confidence_threshold: z.number(),
  fast_path_object_types: z.array(z.string()),
  camera_offline_after_seconds: z.number().int().openapi({ description: 'A camera with no upload for this long is offline' }),
  risk_low_max: z.number().int().openapi({ description: 'Highest score of the low risk level (default 29)' }),
  risk_medium_max: z.number().int().openapi({ description: 'Highest score of the medium risk level (default 59)' }),
  risk_high_max: z.number().int().openapi({ description: 'Highest score of the high risk level (default 84); above it is critical' }),
  scene_change_enabled: z.boolean().openapi({ description: 'Tamper detection on or off: off, frames are not compared with the reference view (default true)' }),
  scene_change_threshold: z.number().openapi({ description: 'SSIM against the reference view below which a frame counts as changed (default 0.90)' }),
  scene_change_frames: z.number().int().openapi({ description: 'Changed frames in a row that record one scene change (default 2)' }),
});
const configPatch = configBody.omit({ version: true }).partial();
const configAnswer = configBody.extend({
  applied_by: z
    .record(z.string(), z.array(z.string()))
    .describe('For each key, the running services that apply it without a restart (from their heartbeats); an empty list means no running service reads it yet'),
});
const latency = z.object({ avg_ms: z.number().nullable(), p50_ms: z.number().nullable(), p95_ms: z.number().nullable(), p99_ms: z.number().nullable(), sample_count: z.number().int() });
const telemetryBody = z.object({ queues: z.record(z.string(), z.number().int()), queue_details: z.record(z.string(), z.record(z.string(), z.number().int())), latencies: z.record(z.string(), latency), timestamp: z.string() });
const breakersBody = z.object({
  circuit_breakers: z.record(z.string(), z.object({ service: z.string(), name: z.string(), state: z.enum(['closed', 'open', 'half_open']) })),
  total_count: z.number().int(),
  open_count: z.number().int(),
  unreported_services: z.array(z.string()),
  timestamp: z.string(),
});
const cleanupQuery = z.object({ dry_run: z.enum(['true', 'false', '1', '0']).default('false').transform((value) => value === 'true' || value === '1') });
const cleanupBody = z.object({
  dry_run: z.boolean(),
  retention_days: z.number().int(),
  cutoff: z.string(),
  events_deleted: z.number().int(),
  detections_deleted: z.number().int(),
  thumbnails_deleted: z.number().int(),
  timestamp: z.string(),
});

async function configResponse(deps: ApiDeps, config: Record<string, unknown>) {
  return { app_name: config.app_name, version: deps.version, ...config, applied_by: await runtimeConfigAppliedBy(deps) };
}

/** Health, readiness, counts, runtime config, telemetry, breakers and retention (CONTRACT.md "System"). */
export const systemRoutes: RouteModule = {
  name: 'system',
  register(router, registry, deps) {
    registry.registerPath({ method: 'get', path: '/api/system/health', tags: ['system'], summary: 'Health of the API and every service it depends on', responses: { 200: json(healthBody, 'healthy'), 503: json(healthBody, 'degraded or unhealthy') } });
    router.get('/api/system/health', async (_req, res) => {
      const health = await checkSystemHealth(deps);
      res.status(health.status === 'healthy' ? 200 : 503).json(health);
    });

    registry.registerPath({ method: 'get', path: '/api/system/health/ready', tags: ['system'], summary: 'Ready to serve: PostgreSQL answers', responses: { 200: json(readyBody, 'ready'), 503: json(readyBody, 'not ready') } });
    router.get('/api/system/health/ready', async (_req, res) => {
      const health = await checkSystemHealth(deps);
      // The API serves reads from PostgreSQL alone, so only the database decides readiness.
      const ready = health.services.database.status === 'healthy';
      res.status(ready ? 200 : 503).json({ ready, ...health });
    });

    registry.registerPath({ method: 'get', path: '/api/system/stats', tags: ['system'], summary: 'Row counts and uptime', responses: { 200: json(statsBody, 'counts') } });
    router.get('/api/system/stats', async (_req, res) => {
      const [total_cameras, total_events, total_detections] = await Promise.all([deps.prisma.camera.count(), deps.prisma.event.count(), deps.prisma.detection.count()]);
      res.json({ total_cameras, total_events, total_detections, uptime_seconds: Math.round(process.uptime()) });
    });

    registry.registerPath({ method: 'get', path: '/api/system/config', tags: ['system'], summary: 'Runtime configuration, and which running services apply each key', responses: { 200: json(configAnswer, 'configuration') } });
    router.get('/api/system/config', async (_req, res) => {
      res.json(await configResponse(deps, await currentRuntimeConfig(deps)));
    });

    registry.registerPath({
      method: 'patch',
      path: '/api/system/config',
      tags: ['system'],
      summary: 'Change runtime configuration',
      description:
        'Persists the fields in the settings table. A running service that applies a key (listed in `applied_by`, e.g. the detector for `detection_confidence_threshold`) picks the new value up within a few seconds, without a restart; a key with an empty `applied_by` list is stored but nothing running reads it yet.',
      request: { body: { content: { 'application/json': { schema: configPatch } } } },
      responses: { 200: json(configAnswer, 'the stored configuration'), 422: validationErrorResponse('A field out of range or unknown') },
    });
    router.patch('/api/system/config', async (req, res) => {
      const patch = parseRequestPart(runtimeConfigPatchSchema, req.body ?? {}, 'body');
      res.json(await configResponse(deps, await updateRuntimeConfig(deps, patch, auditFor(req, res))));
    });

    registry.registerPath({ method: 'get', path: '/api/system/telemetry', tags: ['system'], summary: 'Queue depths and per-stage latency percentiles', responses: { 200: json(telemetryBody, 'telemetry'), 503: redisUnavailableResponse() } });
    router.get('/api/system/telemetry', async (_req, res) => {
      res.json(await orRedisUnavailable(readTelemetry(deps), 'Telemetry'));
    });

    registry.registerPath({ method: 'get', path: '/api/system/circuit-breakers', tags: ['system'], summary: 'Circuit breaker states reported by the workers', responses: { 200: json(breakersBody, 'breakers') } });
    router.get('/api/system/circuit-breakers', async (_req, res) => {
      res.json(await readCircuitBreakers(deps));
    });

    registry.registerPath({
      method: 'post',
      path: '/api/system/cleanup',
      tags: ['system'],
      summary: 'Delete events, detections and thumbnails older than the retention period (dry_run=true only counts)',
      request: { query: cleanupQuery },
      responses: { 200: json(cleanupBody, 'what was (or would be) deleted'), 422: validationErrorResponse('Bad dry_run value') },
    });
    router.post('/api/system/cleanup', async (req, res) => {
      const { dry_run } = parseRequestPart(cleanupQuery, req.query, 'query');
      const config = await currentRuntimeConfig(deps);
      res.json(await runRetention({ prisma: deps.prisma, logger: deps.logger, thumbnailDir: deps.config.THUMBNAIL_DIR, retentionDays: config.retention_days, now: deps.now(), dryRun: dry_run }));
    });
  },
};
