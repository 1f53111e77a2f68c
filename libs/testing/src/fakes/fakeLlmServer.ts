import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the fake answers to one completion request. */
export type FakeLlmStep =
  /** Answer with this text as the model's output (llama.cpp `content` or the chat message). */
  | { text: string; delayMs?: number }
  /** Answer with this HTTP status and body. */
  | { status: number; body?: string }
  /** Accept the request and never answer (a hung generation). */
  | { hang: true };

export interface FakeLlmRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeLlmServer {
  url: string;
  port: number;
  /** Every completion request received, in order. */
  requests: FakeLlmRequest[];
  /** Steps answered in order; when none are left, `fallback` answers. */
  script(...steps: FakeLlmStep[]): void;
  fallback: FakeLlmStep;
  /** Answers the health endpoints (llama.cpp /health, OpenAI /v1/models) with this status. */
  healthStatus: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function replyFor(path: string, text: string): unknown {
  return path === '/completion' ? { content: text, model: 'fake-nemotron', stop: true } : { model: 'fake-nemotron', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] };
}

/**
 * A scripted LLM server on a loopback port (real sockets) that speaks llama.cpp's
 * `POST /completion` and the OpenAI `POST /v1/chat/completions`: tests script valid answers,
 * malformed ones, 5xx, hangs; closing it mid-test gives refused connections.
 */
export async function startFakeLlmServer(options: { port?: number } = {}): Promise<FakeLlmServer> {
  const queue: FakeLlmStep[] = [];
  const sockets = new Set<Socket>();
  const state: FakeLlmServer = {
    url: '',
    port: 0,
    requests: [],
    fallback: { text: '{"risk_score": 10, "risk_level": "low", "summary": "Routine", "reasoning": "Nothing unusual."}' },
    healthStatus: 200,
    script: (...steps) => void queue.push(...steps),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && (path === '/health' || path === '/v1/models')) {
      res.writeHead(state.healthStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', data: [{ id: 'fake-nemotron' }] }));
      return;
    }
    const raw = await readBody(req);
    state.requests.push({ path, headers: req.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
    const step = queue.shift() ?? state.fallback;
    if ('hang' in step) return;
    if ('status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json' }).end(step.body ?? JSON.stringify({ error: 'scripted failure' }));
      return;
    }
    if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(replyFor(path, step.text)));
  };
  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}
