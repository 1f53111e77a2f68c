import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { llmHealth } from '../src/system/llmHealth';
import { request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

type Answer = { status: number; body: string };

/** A real HTTP server on loopback answering each path as told (404 for anything else). */
async function fakeLlm(answers: Record<string, Answer>): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const answer = answers[req.url ?? ''] ?? { status: 404, body: '<html>Not Found</html>' };
    res.writeHead(answer.status, { 'content-type': answer.body.startsWith('{') ? 'application/json' : 'text/html' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const LLAMA_OK: Answer = { status: 200, body: '{"status":"ok"}' };
const MODELS: Answer = { status: 200, body: '{"object":"list","data":[{"id":"nemotron","object":"model"}]}' };
const GARBAGE: Answer = { status: 200, body: '<html><body>Router login</body></html>' };

describe('LLM probe of the system health', () => {
  it.each<[string, Record<string, Answer>, string, RegExp]>([
    ['llama.cpp answering {"status":"ok"} on /health', { '/health': LLAMA_OK }, 'healthy', /healthy/],
    ['an OpenAI-compatible server listing models on /v1/models', { '/v1/models': MODELS }, 'healthy', /healthy/],
    ['a web server answering 200 with an HTML page everywhere', { '/health': GARBAGE, '/v1/models': GARBAGE }, 'unhealthy', /GET \/health: 200 without JSON; GET \/v1\/models: 200 without JSON/],
    ['200 with JSON that is not a health answer', { '/health': { status: 200, body: '{"hello":"world"}' }, '/v1/models': { status: 200, body: '{"models":[]}' } }, 'unhealthy', /without \{"status":"ok"\}.*without \{"data":\[\.\.\.\]\}/],
    ['404 on both paths', {}, 'unhealthy', /GET \/health: 404; GET \/v1\/models: 404/],
    ['503 while the model loads', { '/health': { status: 503, body: '{"error":{"code":503,"message":"Loading model"}}' } }, 'degraded', /loading or overloaded/],
  ])('%s -> %s', async (_label, answers, status, message) => {
    const llm = await fakeLlm(answers);
    try {
      const health = await llmHealth(llm.url, 2000);
      expect(health.status).toBe(status);
      expect(health.message).toMatch(message);
    } finally {
      await llm.close();
    }
  });

  it('asks /v1/models under a base URL that already ends in /v1', async () => {
    const llm = await fakeLlm({ '/v1/models': MODELS });
    try {
      expect(await llmHealth(`${llm.url}/v1`, 2000)).toMatchObject({ status: 'healthy', details: { probe: '/v1/models', http_status: 200 } });
      expect(llm.hits).toEqual(['/v1/health', '/v1/models']);
    } finally {
      await llm.close();
    }
  });

  describe('through GET /api/system/health', () => {
    const ctx = useIntegrationContext('api-llm-probe');

    it('reports a 200-with-garbage server as an unhealthy LLM and a degraded system', async () => {
      const llm = await fakeLlm({ '/health': GARBAGE, '/v1/models': GARBAGE });
      try {
        const { app } = buildTestApp(ctx, {}, { LLM_URL: llm.url });
        const res = await request(app).get('/api/system/health').expect(503);
        expect(res.body.services.llm).toMatchObject({ status: 'unhealthy', details: { probes: { '/health': 200, '/v1/models': 200 } } });
        expect(res.body.status).toBe('degraded');
      } finally {
        await llm.close();
      }
    });
  });
});
