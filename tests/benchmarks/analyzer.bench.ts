// Analyzer throughput and overhead: analysis jobs -> events (+ alert rule evaluation) with the
// rules assessor and with a scripted LLM answering in 0 ms over real HTTP, 4 jobs in flight (a
// worker with concurrency 4), on a database cloned from the migrated template. Overhead per
// event = handler time minus the LLM call (target p99 < 20 ms). BENCH_CONCURRENCY=1 gives the
// serial cost. The machine's load average is recorded: on a shared 2-core machine other work
// dominates the tail. Results: bench-results/analyzer.json.
import { cpus, loadavg } from 'node:os';
import type { Pool } from 'pg';
import { BreakerRegistry, createLogger, createPgPool, DEFAULT_RISK_THRESHOLDS, MessagePublisher, poolConfigFromUrl, type AnalysisJob, type JobContext, type PrismaClient } from '../../libs/core/src';
import { summarizeLatencies, writeBenchResult } from '../../libs/testing/src/bench/benchStats';
import { ensureTemplateDatabase } from '../../libs/testing/src/db/templateDatabase';
import { createTestDatabase } from '../../libs/testing/src/db/testDatabase';
import { startFakeLlmServer } from '../../libs/testing/src/fakes/fakeLlmServer';
import { closeRedis, createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../../libs/testing/src/redis/testRedis';
import { RedisAlertCooldown } from '../../services/analyzer/src/alerts/alertCooldown';
import { AlertEngine } from '../../services/analyzer/src/alerts/alertEngine';
import { AlertStore } from '../../services/analyzer/src/alerts/alertStore';
import { EnabledRules } from '../../services/analyzer/src/alerts/enabledRules';
import type { Assessor } from '../../services/analyzer/src/assessment/assessment';
import { FallbackAssessor } from '../../services/analyzer/src/assessment/fallbackAssessor';
import { RulesAssessor } from '../../services/analyzer/src/assessment/rulesAssessor';
import { createAnalysisJobHandler } from '../../services/analyzer/src/events/analysisJobHandler';
import { BatchRepository } from '../../services/analyzer/src/events/batchRepository';
import { EventStore } from '../../services/analyzer/src/events/eventStore';
import { HttpLlmClient, type LlmClient } from '../../services/analyzer/src/llm/httpLlmClient';
import { LlamaCppTransport } from '../../services/analyzer/src/llm/llamaCppTransport';
import { LlmAssessor } from '../../services/analyzer/src/llm/llmAssessor';

const BATCHES = 300;
/** Batches run first and not measured: connection pools, JIT, prepared plans. */
const WARMUP = 20;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const thresholds = () => DEFAULT_RISK_THRESHOLDS;
const logger = createLogger({ service: 'analyzer-bench', level: 'warn' });
const context = (): JobContext => ({ job: { timestamp: Date.now(), data: {}, opts: {} } as never, logger, attempt: 1 });

async function seedBatches(prisma: PrismaClient, label: string): Promise<AnalysisJob[]> {
  await prisma.camera.upsert({ where: { id: 'front_door' }, create: { id: 'front_door', name: 'Front Door', folder_path: '/data/cameras/front_door' }, update: {} });
  const start = Date.parse('2026-11-20T01:00:00Z');
  const rows = Array.from({ length: (BATCHES + WARMUP) * 3 }, (_, i) => ({
    camera_id: 'front_door',
    file_path: `/data/cameras/front_door/${label}-${i}.jpg`,
    file_hash: (label === 'rules' ? 'a' : 'b').repeat(58) + String(i).padStart(6, '0'),
    detected_at: new Date(start + i * 10_000),
    object_type: i % 3 === 2 ? 'car' : 'person',
    confidence: 0.9,
    bbox_x: 10, bbox_y: 10, bbox_width: 100, bbox_height: 200,
    enrichment_data: { v: 1, zone_ids: ['z1'], zones: [{ id: 'z1', name: 'Front door', zone_type: 'entry_point' }], filtered: false, filter_reasons: [], stationary: false, steps: {} },
  }));
  await prisma.detection.createMany({ data: rows });
  const ids = (await prisma.detection.findMany({ where: { file_path: { startsWith: `/data/cameras/front_door/${label}-` } }, orderBy: { id: 'asc' }, select: { id: true } })).map((d) => d.id);
  return Array.from({ length: BATCHES + WARMUP }, (_, b) => ({
    v: 1, batch_id: `${label}-${b}`, camera_id: 'front_door', detection_ids: ids.slice(b * 3, b * 3 + 3),
    started_at: new Date(start).toISOString(), closed_at: new Date(start).toISOString(), close_reason: 'idle' as const, is_fast_path: false, correlation_id: `bench-${b}`,
  }));
}

/** A client that remembers how long each LLM call took, to subtract it from the handler time. */
function timed(client: LlmClient, calls: number[]): LlmClient {
  return { provider: client.provider, probe: () => client.probe(), close: () => client.close(), complete: async (req) => {
    const t0 = performance.now();
    try { return await client.complete(req); } finally { calls.push(performance.now() - t0); }
  } };
}

async function run(pool: Pool, redis: ReturnType<typeof createTestRedis>, prefix: string, jobs: AnalysisJob[], assessor: Assessor, llmCalls: number[]) {
  const publisher = new MessagePublisher(redis, prefix);
  const alerts = new AlertEngine({ rules: new EnabledRules(pool), alerts: new AlertStore(pool), cooldown: new RedisAlertCooldown(redis, prefix), publisher, notifications: { enqueue: async () => 'none' } });
  const handler = createAnalysisJobHandler({ batches: new BatchRepository(pool), events: new EventStore(pool, 72), assessor, publisher, followUps: [alerts] });
  for (const job of jobs.slice(0, WARMUP)) await handler(job, context());
  llmCalls.splice(0);
  jobs = jobs.slice(WARMUP);
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const started = performance.now();
      await handler(job, context());
      latencies.push(performance.now() - started);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const overhead = llmCalls.length ? latencies.map((l, i) => Math.max(0, l - (llmCalls[i] ?? 0))) : latencies;
  return { events: jobs.length, events_per_second: Math.round((jobs.length / seconds) * 10) / 10, per_event: summarizeLatencies(latencies), ...(llmCalls.length ? { llm_call: summarizeLatencies(llmCalls) } : {}), overhead_per_event: summarizeLatencies(overhead) };
}

async function main(): Promise<void> {
  await ensureTemplateDatabase();
  const db = await createTestDatabase('analyzer_bench');
  // The analyzer runs its per-event statements on the pg pool (in main.ts the one under Prisma).
  const pool = createPgPool({ ...poolConfigFromUrl(db.url), max: 10 });
  const redis = createTestRedis();
  const prefix = uniquePrefix('analyzer-bench');
  const llm = await startFakeLlmServer();
  const breakers = new BreakerRegistry();
  try {
    await db.prisma.alertRule.create({ data: { name: 'night door', risk_threshold: 60, channels: ['websocket'], cooldown_seconds: 0 } });
    const rules = new RulesAssessor({ timeZone: 'Europe/Berlin', knownPlates: [], thresholds });
    const rulesResult = await run(pool, redis, prefix, await seedBatches(db.prisma, 'rules'), new FallbackAssessor(null, rules), []);
    // The same verdict as the rules (high, so the alert rule fires), for a like-for-like overhead.
    llm.fallback = { text: '{"risk_score": 70, "risk_level": "high", "summary": "Person at the front door at night", "reasoning": "Entry point at 02:00."}' };
    const calls: number[] = [];
    const client = new HttpLlmClient(new LlamaCppTransport('nemotron'), { baseUrl: llm.url, connectTimeoutMs: 1000, readTimeoutMs: 5000, maxRetries: 0, retryBaseMs: 10, breakerFailures: 1000, breakerResetMs: 1000 }, breakers);
    const llmAssessor = new LlmAssessor(timed(client, calls), { timeZone: 'Europe/Berlin', knownPlates: [], budgetTokens: 3000, maxTokens: 1536, thresholds });
    const llmResult = await run(pool, redis, prefix, await seedBatches(db.prisma, 'llm'), new FallbackAssessor(llmAssessor, rules), calls);
    await client.close();
    writeBenchResult('analyzer', { cpus: cpus().length, load_average_1m: loadavg()[0], batches: BATCHES, detections_per_batch: 3, concurrency: CONCURRENCY, rules: rulesResult, fake_llm_0ms: llmResult, target: { overhead_p99_ms: 20 } });
  } finally {
    breakers.shutdown();
    await llm.close();
    await deleteKeysWithPrefix(redis, prefix);
    await closeRedis(redis);
    await pool.end();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
