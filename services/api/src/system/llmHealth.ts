/** The shape of one entry in the system health's `services` (see health.ts). */
export interface LlmHealth {
  status: 'healthy' | 'degraded' | 'unhealthy' | 'not_configured';
  message: string;
  details: Record<string, unknown>;
}

/** What one probe URL answered: a health answer, a non-answer, or nothing at all. */
type ProbeResult = { kind: 'ok'; path: string; http_status: number } | { kind: 'answered'; path: string; http_status: number; why: string } | { kind: 'unreachable'; path: string };

function probeUrls(llmUrl: string): Array<{ url: URL; accepts: (body: unknown) => boolean; expected: string }> {
  const base = llmUrl.endsWith('/') ? llmUrl : `${llmUrl}/`;
  // An OpenAI-compatible base URL often ends in /v1 already (http://host:8080/v1).
  const models = new URL(new URL(base).pathname.endsWith('/v1/') ? 'models' : 'v1/models', base);
  return [
    // llama.cpp: 200 {"status":"ok"} once the model is loaded, 503 while it loads.
    { url: new URL('health', base), accepts: (body) => (body as { status?: unknown } | null)?.status === 'ok', expected: '{"status":"ok"}' },
    // Any OpenAI-compatible server: 200 {"object":"list","data":[...]}.
    { url: models, accepts: (body) => Array.isArray((body as { data?: unknown } | null)?.data), expected: '{"data":[...]}' },
  ];
}

async function probe(target: ReturnType<typeof probeUrls>[number], signal: AbortSignal): Promise<ProbeResult> {
  const path = target.url.pathname;
  let response: Response;
  try {
    response = await fetch(target.url, { signal, headers: { accept: 'application/json' } });
  } catch {
    return { kind: 'unreachable', path };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) return { kind: 'answered', path, http_status: response.status, why: `${response.status}` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'answered', path, http_status: response.status, why: `${response.status} without JSON` };
  }
  return target.accepts(body)
    ? { kind: 'ok', path, http_status: response.status }
    : { kind: 'answered', path, http_status: response.status, why: `${response.status} without ${target.expected}` };
}

/**
 * Healthy only on a real health answer: 2xx with llama.cpp's `{"status":"ok"}` on GET /health,
 * else 2xx with an OpenAI-compatible `{"data":[...]}` on GET /v1/models. A server answering
 * anything else (a 404 from some other web server, a 200 login page) is not an LLM that can
 * assess events; a 5xx is one that is loading or overloaded.
 */
export async function llmHealth(llmUrl: string | undefined, timeoutMs: number): Promise<LlmHealth> {
  if (!llmUrl) return { status: 'not_configured', message: 'No LLM configured: events are assessed by the rules-based assessor', details: {} };
  const signal = AbortSignal.timeout(timeoutMs);
  const results: ProbeResult[] = [];
  for (const target of probeUrls(llmUrl)) {
    const result = await probe(target, signal);
    if (result.kind === 'ok') return { status: 'healthy', message: 'LLM server healthy', details: { probe: result.path, http_status: result.http_status } };
    results.push(result);
    if (result.kind === 'unreachable') break;
  }
  const answered = results.filter((result): result is Extract<ProbeResult, { kind: 'answered' }> => result.kind === 'answered');
  if (answered.length === 0) return { status: 'unhealthy', message: 'LLM server unreachable: events fall back to the rules-based assessor', details: {} };
  const details = { probes: Object.fromEntries(answered.map((result) => [result.path, result.http_status])) };
  const said = answered.map((result) => `GET ${result.path}: ${result.why}`).join('; ');
  if (answered.some((result) => result.http_status >= 500)) return { status: 'degraded', message: `LLM server not ready (loading or overloaded): ${said}`, details };
  return { status: 'unhealthy', message: `No LLM health answer at the configured URL (${said}): events fall back to the rules-based assessor`, details };
}
