import { BreakerRegistry, DEFAULT_RISK_THRESHOLDS } from '@secpipe/core';
import { startFakeLlmServer, waitFor, type FakeLlmServer } from '@secpipe/testing';
import { FallbackAssessor } from '../src/assessment/fallbackAssessor';
import { RulesAssessor } from '../src/assessment/rulesAssessor';
import { HttpLlmClient, type LlmHttpSettings } from '../src/llm/httpLlmClient';
import { LlamaCppTransport } from '../src/llm/llamaCppTransport';
import { LlmAssessor } from '../src/llm/llmAssessor';
import type { LlmTransport } from '../src/llm/llmTransport';
import { OpenAiTransport } from '../src/llm/openAiTransport';
import { berlin, buildBatch, personFor } from './support/batchBuilder';

const thresholds = () => DEFAULT_RISK_THRESHOLDS;
const rules = new RulesAssessor({ timeZone: 'Europe/Berlin', knownPlates: [], thresholds });
const batch = buildBatch(berlin('02:00'), personFor(60, { zone: 'entry_point' }));
const answer = (score: unknown, level: unknown = 'high') => JSON.stringify({ risk_score: score, risk_level: level, summary: 'Person at the front door at night', reasoning: 'Unknown person at an entry point at 02:00.' });

let server: FakeLlmServer;
const open: Array<{ client: HttpLlmClient; breakers: BreakerRegistry }> = [];

function assessorFor(url: string, overrides: Partial<LlmHttpSettings> = {}, transport: LlmTransport = new LlamaCppTransport('nemotron')) {
  const breakers = new BreakerRegistry();
  const settings: LlmHttpSettings = { baseUrl: url, connectTimeoutMs: 1000, readTimeoutMs: 2000, maxRetries: 2, retryBaseMs: 10, breakerFailures: 3, breakerResetMs: 300, ...overrides };
  const client = new HttpLlmClient(transport, settings, breakers);
  open.push({ client, breakers });
  const llm = new LlmAssessor(client, { timeZone: 'Europe/Berlin', knownPlates: [], budgetTokens: 3000, maxTokens: 1536, thresholds });
  return { assessor: new FallbackAssessor(llm, rules), client, breakers };
}

beforeEach(async () => {
  server = await startFakeLlmServer();
});

afterEach(async () => {
  for (const { client, breakers } of open.splice(0)) {
    breakers.shutdown();
    await client.close();
  }
  await server.close();
});

describe('LLM assessment against a scripted server (llama.cpp /completion)', () => {
  it('sends a ChatML prompt with the sampling, token limit, stop tokens and json_schema', async () => {
    server.script({ text: answer(72) });
    const result = await assessorFor(server.url).assessor.assess(batch);
    expect(result).toMatchObject({ source: 'llm', risk_score: 72, risk_level: 'high', model_name: 'fake-nemotron', prompt_version: 'nemotron-risk-v1', error: null, raw_answer: answer(72) });
    const [request] = server.requests;
    expect(request.path).toBe('/completion');
    expect(request.body).toMatchObject({ temperature: 0.7, top_p: 0.95, n_predict: 1536, stop: ['<|im_end|>', '<|im_start|>'] });
    expect(String(request.body.prompt)).toMatch(/^<\|im_start\|>system\n[\s\S]*<\|im_start\|>user\n[\s\S]*<\|im_start\|>assistant\n$/);
    expect(request.body.json_schema).toMatchObject({ required: ['risk_score', 'risk_level', 'summary', 'reasoning'] });
  });

  it.each([
    ['preamble + JSON', `Sure! Here is the assessment:\n${answer(72)}`, 72, 'high'],
    ['<think> + JSON', `<think>The person is at the door at 2 am, that is {suspicious}.</think>\n${answer(72)}`, 72, 'high'],
    ['score 150', answer(150, 'critical'), 100, 'critical'],
    ['score -50', answer(-50, 'low'), 0, 'low'],
    ['level "bogus" with score 90', answer(90, 'bogus'), 90, 'critical'],
    ['truncated JSON', '{"risk_score": 66, "risk_level": "high", "summary": "Person at the door", "reasoning": "Stood at the do', 66, 'high'],
  ])('uses the answer after %s', async (_label, text, score, level) => {
    server.script({ text });
    const result = await assessorFor(server.url).assessor.assess(batch);
    expect(result).toMatchObject({ source: 'llm', risk_score: score, risk_level: level });
  });

  it('falls back to the rules on prose only, keeping the raw answer and the parse error', async () => {
    server.script({ text: 'This looks like a resident coming home, nothing to worry about.' });
    const result = await assessorFor(server.url).assessor.assess(batch);
    expect(result).toMatchObject({ source: 'rules', model_name: 'rules', raw_answer: 'This looks like a resident coming home, nothing to worry about.' });
    expect(result.error).toMatch(/llm answer unusable: no JSON object/);
  });

  it('retries 5xx with backoff and uses the answer that follows', async () => {
    server.script({ status: 500 }, { status: 503 }, { text: answer(70) });
    const result = await assessorFor(server.url).assessor.assess(batch);
    expect(result).toMatchObject({ source: 'llm', risk_score: 70 });
    expect(server.requests).toHaveLength(3);
  });

  it('names the status when 5xx answers outlast the retries', async () => {
    server.script({ status: 503 }, { status: 503 }, { status: 503 });
    const result = await assessorFor(server.url).assessor.assess(batch);
    expect(result.source).toBe('rules');
    expect(result.error).toBe('llm request failed: LLM server answered 503 (after 2 retries)');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 4xx (a bad key will not get better)', async () => {
    server.script({ status: 401, body: '{"error":"invalid api key"}' });
    const result = await assessorFor(server.url).assessor.assess(batch);
    expect(result.source).toBe('rules');
    expect(result.error).toMatch(/401/);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a server hanging past the read timeout, retried, then falls back', async () => {
    server.script({ hang: true }, { hang: true }, { hang: true });
    const started = Date.now();
    const result = await assessorFor(server.url, { readTimeoutMs: 200, maxRetries: 2 }).assessor.assess(batch);
    expect(result.source).toBe('rules');
    expect(result.error).toMatch(/timeout/i);
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('opens the breaker after N refused connections, probes after the reset time and closes on success', async () => {
    const port = server.port;
    await server.close();
    const { assessor, breakers, client } = assessorFor(`http://127.0.0.1:${port}`, { breakerFailures: 3, breakerResetMs: 300 });
    for (let i = 0; i < 3; i += 1) expect((await assessor.assess(batch)).error).toMatch(/ECONNREFUSED|connect/i);
    expect(breakers.states().llm).toBe('open');
    const fast = await assessor.assess(batch);
    expect(fast.source).toBe('rules');
    expect(fast.error).toMatch(/breaker is open/i);
    expect(await client.probe()).toBe(false);

    server = await startFakeLlmServerOn(port);
    server.script({ text: answer(75) });
    await waitFor(() => breakers.states().llm === 'half_open', { what: 'breaker half-open' });
    const probe = await assessor.assess(batch);
    expect(probe).toMatchObject({ source: 'llm', risk_score: 75 });
    expect(breakers.states().llm).toBe('closed');
    expect(await client.probe()).toBe(true);
  });
});

describe('LLM assessment against a scripted server (OpenAI-compatible)', () => {
  it('posts chat messages with a json_schema response format and the API key', async () => {
    server.script({ text: answer(35, 'medium') });
    const { assessor } = assessorFor(server.url, { apiKey: 'sk-local' }, new OpenAiTransport('nemotron-nano'));
    const result = await assessor.assess(batch);
    expect(result).toMatchObject({ source: 'llm', risk_score: 35, risk_level: 'medium' });
    const [request] = server.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-local');
    expect(request.body).toMatchObject({ model: 'nemotron-nano', temperature: 0.7, top_p: 0.95, max_tokens: 1536, response_format: { type: 'json_schema', json_schema: { name: 'risk_assessment' } } });
    expect((request.body.messages as Array<{ role: string }>).map((m) => m.role)).toEqual(['system', 'user']);
  });
});

/** The fake again on a given port (the breaker test's upstream coming back). */
async function startFakeLlmServerOn(port: number): Promise<FakeLlmServer> {
  return waitFor(async () => startFakeLlmServer({ port }).catch(() => null), { what: `fake LLM server on port ${port}` });
}
