import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MessagePublisher, type Registry } from '@secpipe/core';
import {
  closeRedis,
  createTestDatabase,
  createTestRedis,
  deleteKeysWithPrefix,
  ensureTemplateDatabase,
  summarizeLatencies,
  uniquePrefix,
  workerConnection,
  writeBenchResult,
  type IntegrationContext,
} from '@secpipe/testing';
import { attachWebSockets } from '../../src/ws/attachWebSockets';
import { buildTestApp } from '../testApp';

const SUBSCRIBERS = (process.env.BENCH_WS_SUBSCRIBERS ?? '1000,5000').split(',').map(Number);
const EVENTS = Number(process.env.BENCH_WS_EVENTS ?? 100);
const GAP_MS = Number(process.env.BENCH_WS_GAP_MS ?? 50);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and off-heap bytes of this (the server's) process after a full collection. */
function serverBytes(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function onceMessage<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (message: { kind: string; message?: string }) => {
      if (message.kind === 'error') reject(new Error(message.message));
      if (message.kind !== kind) return;
      child.off('message', listener);
      resolve(message as T);
    };
    child.on('message', listener);
    child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sum and count of the server's own fan-out histogram (publish to the last socket write). */
async function fanOutTotals(registry: Registry): Promise<{ sum: number; count: number }> {
  const values = (await registry.getSingleMetric('websocket_fanout_latency_seconds')!.get()).values as Array<{ metricName?: string; value: number }>;
  const pick = (suffix: string) => values.find((value) => value.metricName === `websocket_fanout_latency_seconds_${suffix}`)?.value ?? 0;
  return { sum: pick('sum'), count: pick('count') };
}

async function runRound(baseUrl: string, publisher: MessagePublisher, registry: Registry, subscribers: number, connectedClients: () => number) {
  const before = serverBytes();
  const child = fork(path.join(__dirname, 'wsBenchClients.mjs'), [`${baseUrl}/ws/events`, String(subscribers), String(EVENTS)], { stdio: 'inherit' });
  const ready = await onceMessage<{ open: number }>(child, 'ready');
  while (connectedClients() < subscribers) await sleep(20);
  const perConnection = Math.round((serverBytes() - before) / subscribers);

  const fanOutBefore = await fanOutTotals(registry);
  const done = onceMessage<{ received: Array<[number, number[]]> }>(child, 'done');
  const publishedAt = new Map<number, number>();
  const started = Date.now();
  for (let n = 1; n <= EVENTS; n += 1) {
    const at = performance.timeOrigin + performance.now();
    const { sequence } = await publisher.publish('event', {
      id: n,
      event_id: n,
      batch_id: `bench-${n}`,
      camera_id: 'front_door',
      risk_score: 42,
      risk_level: 'medium',
      summary: 'Person walked up the driveway and left a parcel',
      reasoning: 'Daytime, short visit',
      started_at: new Date().toISOString(),
    });
    publishedAt.set(sequence, at);
    await sleep(GAP_MS);
  }
  const { received } = await done;
  const fanOutAfter = await fanOutTotals(registry);
  const latencies: number[] = [];
  const lastReceipt: number[] = [];
  for (const [sequence, times] of received) {
    const at = publishedAt.get(sequence);
    if (at === undefined) continue;
    for (const time of times) latencies.push(time - at);
    lastReceipt.push(Math.max(...times) - at);
  }
  child.send({ kind: 'close' });
  await new Promise((resolve) => child.once('exit', resolve));
  while (connectedClients() > 0) await sleep(20);
  return {
    subscribers,
    opened: ready.open,
    events: EVENTS,
    publish_gap_ms: GAP_MS,
    deliveries: latencies.length,
    expected_deliveries: subscribers * EVENTS,
    publish_to_receipt: summarizeLatencies(latencies),
    publish_to_last_subscriber: summarizeLatencies(lastReceipt),
    server_publish_to_last_write_mean_ms: Math.round(((fanOutAfter.sum - fanOutBefore.sum) / Math.max(1, fanOutAfter.count - fanOutBefore.count)) * 1e6) / 1e3,
    server_bytes_per_connection: perConnection,
    round_s: (Date.now() - started) / 1000,
  };
}

/** `pnpm bench ws`: fan-out delay and memory per connection at 1,000 and 5,000 subscribers. */
export async function runWsBenchmark(): Promise<void> {
  await ensureTemplateDatabase();
  const database = await createTestDatabase('bench-ws');
  const redis = createTestRedis();
  const prefix = uniquePrefix('bench-ws');
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const ctx: IntegrationContext = { prisma: database.prisma, databaseUrl: database.url, redis, prefix, connection: workerConnection(), onClose: (close) => closers.push(close) };
  try {
    const env = { WS_SYSTEM_INTERVAL_SECONDS: '3600', CAMERA_STATUS_SWEEP_SECONDS: '3600', WS_HEARTBEAT_SECONDS: '3600' };
    const { app, deps } = buildTestApp(ctx, {}, env);
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', 4096, () => resolve(listening));
    });
    const sockets = attachWebSockets(server, deps);
    closers.push(async () => {
      await sockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    await sockets.ready;
    const baseUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const publisher = new MessagePublisher(redis, prefix);
    const rounds = [];
    for (const subscribers of SUBSCRIBERS) {
      process.stdout.write(`ws: ${subscribers} subscribers, ${EVENTS} events...\n`);
      rounds.push(await runRound(baseUrl, publisher, deps.metrics, subscribers, () => sockets.fanOut.size));
    }
    writeBenchResult('ws', { rounds, target: 'p99 publish_to_receipt under 100 ms at 1,000 subscribers' });
  } finally {
    for (const close of closers.reverse()) await close();
    await deleteKeysWithPrefix(redis, prefix);
    await closeRedis(redis);
    await database.drop();
  }
}
