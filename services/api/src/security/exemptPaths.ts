/**
 * Paths that stay open with API keys on and are not rate limited: probes, the metrics scrape and
 * the API description (CONTRACT.md "Auth").
 */
const OPEN_PATHS = new Set(['/', '/health', '/ready', '/api/system/health', '/api/system/health/ready', '/api/metrics', '/docs', '/openapi.json']);

export function isOpenPath(path: string): boolean {
  const normalised = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return OPEN_PATHS.has(normalised) || normalised.startsWith('/docs/');
}

/** Probes and scrapes: never counted against a client's rate limit. */
export function isProbePath(path: string): boolean {
  return isOpenPath(path) && path !== '/' && !path.startsWith('/docs') && path !== '/openapi.json';
}
