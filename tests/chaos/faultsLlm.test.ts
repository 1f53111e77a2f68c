import { startFakeLlmServer, useIntegrationContext, waitFor, type FakeLlmServer } from '@secpipe/testing';
import { scenarioLine } from './scenarioCounts';
import { startChaosFleet, type ChaosFleet } from './infra/chaosFleet';
import { writePersonSnapshot } from './infra/personTraffic';
import { isSettled } from './infra/settled';
import type { ApiEvent } from '../e2e/liveViews';

const READ_TIMEOUT_MS = 1_500;
const BREAKER_FAILURES = 3;
// Long enough that the upload made while the breaker is open is assessed before the half-open probe, even on a loaded machine.
const BREAKER_RESET_MS = 8_000;
const VALID_ANSWER = '{"risk_score": 72, "risk_level": "high", "summary": "Person at the door", "reasoning": "A person close to the entry."}';

interface Health {
  services: Record<string, { status: string; message: string; details: { breakers?: Record<string, string> } }>;
}

/**
 * The LLM misbehaves while people keep walking past a camera (one fast-path batch, so one
 * assessment, per upload): answers slowly, hangs past the client's read timeout, then answers 5xx
 * in a burst. Slow answers still count; hangs and 5xx fail each assessment, the rules assessor
 * writes the event instead (analysis_source `rules`, the LLM's error kept), and after
 * LLM_BREAKER_FAILURES failures in a row the analyzer's `llm` breaker opens, which
 * /api/system/health shows. Once the LLM answers again the breaker's half-open probe closes it and
 * the LLM assesses again. Every upload still becomes exactly one event; nothing dead-letters.
 */
describe('chaos: LLM hangs, 5xx bursts and slow answers', () => {
  const ctx = useIntegrationContext('chaos-llm');
  let llm: FakeLlmServer;
  let chaos: ChaosFleet;
  let written = 0;

  const health = async () => (await (await fetch(`${chaos.fleet.api}/api/system/health`)).json()) as Health;
  const breaker = async () => (await health()).services.analyzer.details.breakers?.llm;
  const events = async () => (await chaos.fleet.call<{ items: ApiEvent[] }>('GET', '/api/events?limit=100')).items;
  const upload = async () => {
    written += 1;
    await writePersonSnapshot(chaos.fleet.cameraRoot, 'cam_door', written);
    const wanted = written;
    return waitFor(async () => {
      const all = await events();
      return all.length >= wanted && all;
    }, { what: `event ${wanted}`, timeoutMs: 30_000, intervalMs: 200 });
  };

  beforeAll(async () => {
    llm = await startFakeLlmServer();
    ctx.onClose(() => llm.close());
    llm.fallback = { text: VALID_ANSWER };
    chaos = await startChaosFleet(ctx, {
      runtimeConfig: { batch_window_seconds: 5, batch_idle_timeout_seconds: 2 },
      analyzer: {
        LLM_PROVIDER: 'llamacpp',
        LLM_URL: llm.url,
        LLM_READ_TIMEOUT_MS: String(READ_TIMEOUT_MS),
        LLM_MAX_RETRIES: '0',
        LLM_BREAKER_FAILURES: String(BREAKER_FAILURES),
        LLM_BREAKER_RESET_MS: String(BREAKER_RESET_MS),
        LLM_HEALTH_INTERVAL_MS: '1000',
        HEARTBEAT_INTERVAL_MS: '300',
      },
    });
  }, 240_000);

  it('falls back to the rules, opens the breaker, closes it again, and makes one event per upload', async () => {
    // Healthy but slow (under the read timeout): the LLM assesses.
    llm.script({ text: VALID_ANSWER, delayMs: READ_TIMEOUT_MS / 2 });
    expect((await upload())[0].analysis_source).toBe('llm');

    // Hangs past the read timeout, then a 5xx burst: each assessment falls back to the rules.
    llm.script({ hang: true }, { status: 500 }, { status: 503 });
    for (let i = 0; i < BREAKER_FAILURES; i += 1) expect((await upload())[0].analysis_source).toBe('rules');
    const openedAt = Date.now();
    await waitFor(async () => (await breaker()) === 'open', { what: 'the llm breaker open in /api/system/health', timeoutMs: 10_000, intervalMs: 100 });
    const analyzer = (await health()).services.analyzer;
    expect(analyzer).toMatchObject({ status: 'degraded', message: expect.stringContaining('llm') });

    // While open, the LLM is not even asked (the 5xx burst goes on, unseen).
    llm.fallback = { status: 502 };
    const asked = llm.requests.length;
    expect((await upload())[0].analysis_source).toBe('rules');
    expect(llm.requests.length).toBe(asked);

    // The LLM recovers; after the reset the half-open probe succeeds and the breaker closes.
    llm.fallback = { text: VALID_ANSWER };
    await waitFor(async () => (await breaker()) !== 'open', { what: 'the breaker to leave open', timeoutMs: BREAKER_RESET_MS + 10_000, intervalMs: 200 });
    const latest = await upload();
    expect(latest[0].analysis_source).toBe('llm');
    await waitFor(async () => (await breaker()) === 'closed', { what: 'the breaker closed', timeoutMs: 10_000, intervalMs: 100 });
    const closedMs = Date.now() - openedAt;
    await waitFor(async () => (await health()).services.analyzer.status === 'healthy', { what: 'the analyzer healthy again', timeoutMs: 10_000 });

    const counts = await waitFor(async () => {
      const now = await chaos.counts();
      return isSettled(now, written) && now;
    }, { what: 'the fleet settled', timeoutMs: 60_000, intervalMs: 500 });
    const sources = latest.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.analysis_source]: (acc[e.analysis_source] ?? 0) + 1 }), {});
    process.stdout.write(`${scenarioLine('llm-faults', counts, `breaker open -> closed in ${closedMs} ms, events by source ${JSON.stringify(sources)}, ${llm.requests.length} LLM requests`)}\n`);

    expect(counts).toMatchObject({ uploaded: written, detected: written, events: written, lost: 0, duplicated: 0 });
    expect(sources).toEqual({ llm: 2, rules: BREAKER_FAILURES + 1 });
    const fallbacks = await ctx.prisma.event.findMany({ where: { analysis_source: 'rules' }, select: { analysis_error: true } });
    for (const event of fallbacks) expect(event.analysis_error).toEqual(expect.any(String));
    for (const [queue, state] of Object.entries(counts.queues)) expect({ queue, failed: state.failed }).toEqual({ queue, failed: 0 });
  }, 300_000);
});
