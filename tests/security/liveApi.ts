import { request as httpRequest } from 'node:http';
import { freePort, launchService, waitFor, type IntegrationContext } from '@secpipe/testing';
import type { RawResponse } from '../../services/api/test/harness';

/** The API as operators run it: its own process (src/main.ts) on a loopback port. */
export interface LiveApi {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every log line it wrote. */
  lines: string[];
}

/**
 * Launches the API process on the test file's database and Redis prefix; `env` adds or
 * overrides keys (rate limits are off unless a suite turns them on, as in the in-process app).
 * Stopped when the file's context closes.
 */
export async function startLiveApi(ctx: IntegrationContext, env: Record<string, string> = {}): Promise<LiveApi> {
  const port = await freePort();
  const service = launchService('api', {
    DATABASE_URL: ctx.databaseUrl,
    QUEUE_PREFIX: ctx.prefix,
    API_PORT: String(port),
    OPS_PORT: String(await freePort()),
    RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  ctx.onClose(() => service.stop());
  await service.waitForLog('api listening', 60_000);
  const url = `http://127.0.0.1:${port}`;
  // "api listening" can come before the Redis client has connected; until it has, the rate
  // limiter fails open and answers without X-RateLimit headers. Health says when Redis answers.
  await waitFor(
    async () => {
      const health = (await (await fetch(`${url}/api/system/health`)).json()) as { services: { redis: { status: string } } };
      return health.services.redis.status === 'healthy';
    },
    { what: 'the live API connected to Redis', timeoutMs: 30_000, intervalMs: 100 },
  );
  return { url, lines: service.lines };
}

/**
 * Sends `path` to the live API byte for byte. HTTP client libraries normalise `..` and
 * re-encode paths before sending, which would hide exactly the traversal attempts a test makes.
 */
export function rawRequestTo(api: LiveApi, method: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(api.url);
  return new Promise<RawResponse>((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: { connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
