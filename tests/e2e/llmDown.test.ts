import { startFleet, type RunningFleet } from './fleet';
import { dropUpload, listEvents, personImage, type ApiEvent } from './liveViews';
import { startFakeLlmServer, useIntegrationContext, waitFor, type FakeLlmServer } from './support';

interface SystemHealth {
  status: string;
  services: Record<string, { status: string; message: string; details: { breakers?: Record<string, string> } }>;
}

/**
 * The analyzer set up for a llama.cpp server (a scripted fake) that answers, then fails: first
 * 503, then its port is closed. Events still come, from the rules assessor the analyzer falls
 * back to (analysis_source "rules" instead of "llm", the LLM's error kept on the event), and once
 * the failures reach the breaker's threshold the open breaker shows in /api/system/health.
 */
describe('LLM down', () => {
  const ctx = useIntegrationContext('e2e-llm-down');
  let fleet: RunningFleet;
  let llm: FakeLlmServer;

  beforeAll(async () => {
    llm = await startFakeLlmServer();
    fleet = await startFleet(ctx, {
      runtimeConfig: { batch_window_seconds: 6, batch_idle_timeout_seconds: 1 },
      // LLM_URL for the API as well: its health probes the server the analyzer uses.
      common: { LLM_URL: llm.url },
      analyzer: { LLM_PROVIDER: 'llamacpp', LLM_MAX_RETRIES: '0', LLM_BREAKER_FAILURES: '2', LLM_BREAKER_RESET_MS: '600000', HEARTBEAT_INTERVAL_MS: '500' },
    });
    ctx.onClose(() => llm.close());
  }, 180_000);

  const eventFor = (n: number) =>
    waitFor(
      async () => {
        const events = await listEvents(fleet);
        // Newest first.
        return events.length === n && events[0];
      },
      { what: `event ${n}`, timeoutMs: 30_000, intervalMs: 250 },
    );

  const readHealth = async () => {
    const answer = await fleet.request('GET', '/api/system/health');
    return { status: answer.status, body: answer.body as SystemHealth };
  };
  const analysisError = (id: number) => ctx.prisma.event.findUniqueOrThrow({ where: { id } }).then((row) => row.analysis_error);

  it("answers: the event is the LLM's", async () => {
    await dropUpload(fleet, 'Front Door', 'person-0001.jpg', await personImage(41));
    const event: ApiEvent = await eventFor(1);
    expect(event.analysis_source).toBe('llm');
    expect(llm.requests).toHaveLength(1);
  });

  it('answers 503: the event comes from the rules fallback and the breaker is still closed', async () => {
    llm.fallback = { status: 503, body: '{"error":"loading model"}' };
    await dropUpload(fleet, 'Front Door', 'person-0002.jpg', await personImage(42, 100));
    const event: ApiEvent = await eventFor(2);
    expect(event.analysis_source).toBe('rules');
    expect(await analysisError(event.id)).toMatch(/llm request failed/);
    expect(llm.requests).toHaveLength(2);
    const health = (await readHealth()).body;
    expect(health.services.analyzer.details.breakers).toEqual({ llm: 'closed' });
    // The server's health endpoint still answers: only its completions fail.
    expect(health.services.llm.status).toBe('healthy');
  });

  it('refuses connections: the next event comes from the rules fallback and the open breaker shows in health', async () => {
    await llm.close();
    await dropUpload(fleet, 'Front Door', 'person-0003.jpg', await personImage(43, 200));
    const event: ApiEvent = await eventFor(3);
    expect(event.analysis_source).toBe('rules');
    expect(await analysisError(event.id)).toMatch(/ECONNREFUSED|connect|refused/i);

    const health = await waitFor(
      async () => {
        const answer = await readHealth();
        return answer.body.services.analyzer.details.breakers?.llm === 'open' && answer;
      },
      { what: 'the open LLM breaker in /api/system/health', timeoutMs: 10_000, intervalMs: 250 },
    );
    // Degraded health answers 503, so that a load balancer can tell.
    expect(health.status).toBe(503);
    expect(health.body.status).toBe('degraded');
    expect(health.body.services.llm).toMatchObject({ status: 'unhealthy', message: expect.stringContaining('unreachable') });
    expect(health.body.services.analyzer).toMatchObject({ status: 'degraded', message: expect.stringContaining('llm') });
    const breakers = await fleet.call<{ circuit_breakers: Record<string, { state: string }> }>('GET', '/api/system/circuit-breakers');
    expect(breakers.circuit_breakers['analyzer.llm']).toMatchObject({ state: 'open' });
    expect(fleet.contract.violations).toEqual([]);
  });
});
