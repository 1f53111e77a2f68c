// Ingest benchmark: camera uploads -> detection jobs, in-process on the real adapters
// (chokidar, sharp, PostgreSQL, Redis/BullMQ). Two scenarios:
//   burst:  1,000 uploads dropped at once into 4 camera folders
//   steady: 100 uploads per second for 10 s
// Latency is measured from the moment an upload's write has finished to the moment its
// detection job's add has resolved in Redis. Results go to bench-results/ingest.json.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { closeRedis, createLogger, createRedis, Registry, type DetectionJob } from '../../libs/core/src';
import { summarizeLatencies, writeBenchResult } from '../../libs/testing/src/bench/benchStats';
import { createTestDatabase } from '../../libs/testing/src/db/testDatabase';
import { ensureTemplateDatabase } from '../../libs/testing/src/db/templateDatabase';
import { jpegVariant, makeSnapshotJpeg } from '../../libs/testing/src/fixtures/uploadImages';
import { deleteKeysWithPrefix, uniquePrefix } from '../../libs/testing/src/redis/testRedis';
import { ingestConfigSchema } from '../../services/ingest/src/config';
import { buildIngestPorts } from '../../services/ingest/src/ingestPorts';
import { startIngestService } from '../../services/ingest/src/ingestService';

const BURST_FILES = 1000;
const STEADY_RATE = 100;
const STEADY_SECONDS = 10;
const CAMERAS = ['Front Door', 'Driveway', 'Back Yard', 'Garage'];
// A 720p snapshot by default; BENCH_IMAGE=1920x1080 for full-HD uploads, BENCH_IMAGE_NOISE for
// more entropy (bigger files). Decoding every upload fully is most of the cost per file.
const [IMAGE_WIDTH, IMAGE_HEIGHT] = (process.env.BENCH_IMAGE ?? '1280x720').split('x').map(Number);
const IMAGE = { width: IMAGE_WIDTH, height: IMAGE_HEIGHT, seed: 5, noise: Number(process.env.BENCH_IMAGE_NOISE ?? 6) };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tracking {
  writtenAt: Map<string, number>;
  enqueuedAt: Map<string, number>;
}

async function waitForAll(tracking: Tracking, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (tracking.enqueuedAt.size < expected && Date.now() < deadline) await sleep(5);
}

function sampleRss(): { stop: () => { peak_mb: number; end_mb: number } } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
      return { peak_mb: mb(peak), end_mb: mb(process.memoryUsage.rss()) };
    },
  };
}

function summarize(name: string, tracking: Tracking, files: string[], startedAt: number) {
  const latencies = files.filter((f) => tracking.enqueuedAt.has(f)).map((f) => tracking.enqueuedAt.get(f)! - tracking.writtenAt.get(f)!);
  const lastEnqueue = Math.max(...files.map((f) => tracking.enqueuedAt.get(f) ?? 0));
  const lost = files.filter((f) => !tracking.enqueuedAt.has(f));
  return {
    scenario: name,
    files: files.length,
    jobs: files.length - lost.length,
    lost: lost.length,
    zero_loss: lost.length === 0,
    files_per_second: Math.round((files.length / ((lastEnqueue - startedAt) / 1000)) * 10) / 10,
    complete_to_enqueued: summarizeLatencies(latencies),
  };
}

async function burst(root: string, base: Buffer, tracking: Tracking) {
  const files = Array.from({ length: BURST_FILES }, (_, i) => path.join(root, CAMERAS[i % CAMERAS.length], `burst-${i}.jpg`));
  const bodies = files.map((_, i) => jpegVariant(base, `burst-${i}`));
  const rss = sampleRss();
  const startedAt = Date.now();
  // "Dropped at once": all writes issued together, as a sync tool or an FTP backlog does.
  await Promise.all(
    files.map(async (file, i) => {
      await writeFile(file, bodies[i]);
      tracking.writtenAt.set(file, Date.now());
    }),
  );
  await waitForAll(tracking, BURST_FILES, 60_000);
  return { ...summarize('burst_1000', tracking, files, startedAt), rss: rss.stop() };
}

async function steady(root: string, base: Buffer, tracking: Tracking) {
  const total = STEADY_RATE * STEADY_SECONDS;
  const files = Array.from({ length: total }, (_, i) => path.join(root, CAMERAS[i % CAMERAS.length], `steady-${i}.jpg`));
  const bodies = files.map((_, i) => jpegVariant(base, `steady-${i}`));
  const rss = sampleRss();
  const startedAt = Date.now();
  const intervalMs = 1000 / STEADY_RATE;
  const writes: Array<Promise<void>> = [];
  for (let i = 0; i < total; i += 1) {
    const due = startedAt + i * intervalMs;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    writes.push(
      writeFile(files[i], bodies[i]).then(() => {
        tracking.writtenAt.set(files[i], Date.now());
      }),
    );
  }
  await Promise.all(writes);
  await waitForAll(tracking, BURST_FILES + total, 30_000);
  return { ...summarize(`steady_${STEADY_RATE}_per_s`, tracking, files, startedAt), rss: rss.stop() };
}

async function main(): Promise<void> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase('bench_ingest');
  const root = await mkdtemp(path.join(tmpdir(), 'ingest-bench-'));
  const prefix = uniquePrefix('bench-ingest');
  const config = ingestConfigSchema.parse({
    CAMERA_ROOT: root,
    QUEUE_PREFIX: prefix,
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    OPS_PORT: '0',
    LOG_LEVEL: 'warn',
    ...(process.env.DECODE_CONCURRENCY ? { DECODE_CONCURRENCY: process.env.DECODE_CONCURRENCY } : {}),
  });
  const redis = createRedis(config.REDIS_URL, 'client');
  const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
  const ports = buildIngestPorts(config, { prisma: database.prisma, redis, logger, registry: new Registry() });
  const tracking: Tracking = { writtenAt: new Map(), enqueuedAt: new Map() };
  const realEnqueuer = ports.enqueuer;
  ports.enqueuer = {
    async enqueue(payload: DetectionJob) {
      const id = await realEnqueuer.enqueue(payload);
      tracking.enqueuedAt.set(payload.file_path, Date.now());
      return id;
    },
    close: () => realEnqueuer.close(),
  };
  // Other work on the machine skews every number here: record how busy it was.
  const loadBefore = loadavg()[0];
  const base = await makeSnapshotJpeg(IMAGE);
  const service = await startIngestService(config, ports);
  try {
    // Warm up: camera rows, sharp, the queue's scripts.
    for (const camera of CAMERAS) {
      await mkdir(path.join(root, camera), { recursive: true });
      await writeFile(path.join(root, camera, 'warmup.jpg'), jpegVariant(base, `warm-${camera}`));
    }
    await waitForAll(tracking, CAMERAS.length, 10_000);
    tracking.enqueuedAt.clear();
    const burstResult = await burst(root, base, tracking);
    const steadyResult = await steady(root, base, tracking);
    writeBenchResult('ingest', {
      machine: { cpus: cpus().length, load_average_1m_before: loadBefore, load_average_1m_after: loadavg()[0] },
      image: { ...IMAGE, bytes: base.length },
      settings: { read_concurrency: config.READ_CONCURRENCY, decode_concurrency: config.DECODE_CONCURRENCY, polling: config.FILE_WATCHER_POLLING },
      scenarios: [burstResult, steadyResult],
      target: { steady_p99_ms_below: 50, zero_loss: true },
      steady_target_met: steadyResult.zero_loss && steadyResult.complete_to_enqueued.p99_ms < 50,
    });
  } finally {
    await service.close();
    await deleteKeysWithPrefix(redis, prefix);
    await closeRedis(redis);
    await database.drop();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
