import { createStageTimingRecorder, QueueProducer, queueCatalog } from '@secpipe/core';
import { detectionFactory, eventFactory, request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

describe('stats, telemetry and metrics', () => {
  const ctx = useIntegrationContext('api-telemetry');

  it('counts cameras, events and detections and reports uptime', async () => {
    await detectionFactory.createList(ctx.prisma, 3, { camera_id: 'front_door' });
    await eventFactory.create(ctx.prisma, { camera_id: 'driveway' });
    const { app } = buildTestApp(ctx);
    const res = await request(app).get('/api/system/stats').expect(200);
    expect(res.body).toEqual({ total_cameras: 2, total_events: 1, total_detections: 3, uptime_seconds: expect.any(Number) });
  });

  it('reports queue depths and per-stage latency percentiles from recorded samples', async () => {
    const { app, deps } = buildTestApp(ctx);
    const recorder = createStageTimingRecorder(ctx.redis, ctx.prefix, 50);
    for (let ms = 1; ms <= 100; ms += 1) await recorder.record('detect', ms);
    await recorder.record('total', 2500);
    await new QueueProducer(queueCatalog.analysis, deps.queues.analysis).enqueue({
      batch_id: 'batch-telemetry-1',
      camera_id: 'front_door',
      detection_ids: [1],
      started_at: '2026-11-20T12:00:00.000Z',
      closed_at: '2026-11-20T12:01:30.000Z',
      close_reason: 'timeout',
      is_fast_path: false,
      correlation_id: 'corr-telemetry',
    });
    const res = await request(app).get('/api/system/telemetry').expect(200);
    expect(res.body.queues).toEqual({ detection_queue: 0, enrichment_queue: 0, analysis_queue: 1, notification_queue: 0, scene_check_queue: 0, scene_alert_queue: 0 });
    expect(res.body.queue_details.analysis_queue).toMatchObject({ waiting: 1, failed: 0 });
    // The list is capped at 50 samples: only the newest (51..100) remain.
    expect(res.body.latencies.detect).toEqual({ avg_ms: 75.5, p50_ms: 75, p95_ms: 98, p99_ms: 100, sample_count: 50 });
    expect(res.body.latencies.total).toMatchObject({ p99_ms: 2500, sample_count: 1 });
    expect(res.body.latencies.watch).toEqual({ avg_ms: null, p50_ms: null, p95_ms: null, p99_ms: null, sample_count: 0 });
    expect(await ctx.redis.llen(`${ctx.prefix}:telemetry:latency:detect`)).toBe(50);
  });

  it('serves Prometheus text with HTTP, queue, heartbeat and latency metrics', async () => {
    const { app } = buildTestApp(ctx);
    await request(app).get('/api/system/stats').expect(200);
    const res = await request(app).get('/api/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/system\/stats",status="200",service="api"\} 1/);
    expect(res.text).toMatch(/queue_jobs\{queue="analysis",state="waiting",service="api"\} 1/);
    expect(res.text).toMatch(/pipeline_service_up\{worker="detector",service="api"\} 0/);
    expect(res.text).toMatch(/pipeline_stage_latency_seconds\{stage="detect",percentile="p99",service="api"\} 0\.1\n/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });
});
