import { PermanentError, type BreakerRegistry } from '@secpipe/core';
import { Agent, RetryAgent, request, type Dispatcher } from 'undici';
import type { LlmReply, LlmRequest, LlmTransport } from './llmTransport';

export interface LlmHttpSettings {
  baseUrl: string;
  apiKey?: string;
  connectTimeoutMs: number;
  /** Longest wait for the reply's headers and between body chunks (generation can be slow). */
  readTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  breakerFailures: number;
  breakerResetMs: number;
}

export interface LlmClient {
  readonly provider: string;
  complete(request: LlmRequest): Promise<LlmReply>;
  /** Whether the server answers its health endpoint (not counted by the breaker). */
  probe(): Promise<boolean>;
  close(): Promise<void>;
}

/** Only what a retry can fix: server errors and timeouts. A refused connection is the breaker's. */
const RETRY_STATUS = [500, 502, 503, 504];
const RETRY_ERRORS = ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ECONNRESET', 'UND_ERR_SOCKET'];

export const LLM_BREAKER_NAME = 'llm';

/**
 * The LLM over HTTP with undici: connect and read timeouts, retries with exponential backoff on
 * 5xx and timeouts (undici's RetryAgent), and an opossum breaker registered with the service's
 * breakers (so the heartbeat shows it) that opens after consecutive failures and probes again
 * after the reset time.
 */
/**
 * undici's retry agent gives up with a bare "Request failed" and the last status in a property:
 * say which status it was, so the event's analysis_error and the logs tell 503 from a timeout.
 */
function withStatus(error: unknown, retries: number): unknown {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (!(error instanceof Error) || typeof status !== 'number') return error;
  return Object.assign(new Error(`LLM server answered ${status} (after ${retries} retries)`, { cause: error }), { status });
}

export class HttpLlmClient implements LlmClient {
  private readonly agent: Agent;
  private readonly retrying: Dispatcher;
  private readonly breaker: { fire(req: LlmRequest): Promise<LlmReply> };

  constructor(
    private readonly transport: LlmTransport,
    private readonly settings: LlmHttpSettings,
    breakers: BreakerRegistry,
  ) {
    this.agent = new Agent({ connect: { timeout: settings.connectTimeoutMs }, headersTimeout: settings.readTimeoutMs, bodyTimeout: settings.readTimeoutMs });
    this.retrying = new RetryAgent(this.agent, {
      maxRetries: settings.maxRetries,
      minTimeout: settings.retryBaseMs,
      maxTimeout: settings.retryBaseMs * 16,
      timeoutFactor: 2,
      methods: ['POST'],
      statusCodes: RETRY_STATUS,
      errorCodes: RETRY_ERRORS,
    });
    this.breaker = breakers.create(LLM_BREAKER_NAME, (req: LlmRequest) => this.send(req), {
      failureThreshold: settings.breakerFailures,
      resetTimeoutMs: settings.breakerResetMs,
    });
  }

  get provider(): string {
    return this.transport.provider;
  }

  complete(req: LlmRequest): Promise<LlmReply> {
    return this.breaker.fire(req);
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}) };
  }

  private async send(req: LlmRequest): Promise<LlmReply> {
    const url = new URL(this.transport.completionPath, this.settings.baseUrl);
    const response = await request(url, { method: 'POST', headers: this.headers(), body: JSON.stringify(this.transport.body(req)), dispatcher: this.retrying }).catch((error: unknown) => {
      throw withStatus(error, this.settings.maxRetries);
    });
    if (response.statusCode >= 300) {
      const detail = (await response.body.text()).slice(0, 300);
      const message = `LLM server answered ${response.statusCode}: ${detail}`;
      // 4xx (bad key, bad request) will not get better by retrying the job.
      throw response.statusCode < 500 && response.statusCode !== 429 ? new PermanentError(message, 'llm_rejected') : Object.assign(new Error(message), { status: response.statusCode });
    }
    return this.transport.reply(await response.body.json());
  }

  async probe(): Promise<boolean> {
    try {
      const url = new URL(this.transport.healthPath, this.settings.baseUrl);
      const response = await request(url, { method: 'GET', headers: this.headers(), dispatcher: this.agent, headersTimeout: this.settings.connectTimeoutMs, bodyTimeout: this.settings.connectTimeoutMs });
      await response.body.dump();
      return response.statusCode < 300;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
