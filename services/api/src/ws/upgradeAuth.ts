import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isValidApiKey } from '../security/apiKeyHash';

export const API_KEY_PROTOCOL_PREFIX = 'api-key.';

export interface WsAuthSettings {
  apiKeyEnabled: boolean;
  apiKeyHashes: readonly string[];
  /** WEBSOCKET_TOKEN: when set, `?token=` must carry it. */
  token?: string;
  corsOrigins: readonly string[];
}

export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (!header) return [];
  return header
    .split(',')
    .map((protocol) => protocol.trim())
    .filter(Boolean);
}

function presentedApiKey(req: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('api_key');
  if (fromQuery) return fromQuery;
  const fromProtocol = offeredProtocols(req).find((protocol) => protocol.startsWith(API_KEY_PROTOCOL_PREFIX));
  return fromProtocol ? fromProtocol.slice(API_KEY_PROTOCOL_PREFIX.length) || undefined : undefined;
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Length is not secret; the bytes are compared in constant time.
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Why this upgrade may not proceed, or undefined. The upgrade bypasses express, so the API key,
 * the WebSocket token and the CORS allow-list are checked here. A request without Origin is a
 * non-browser client (browsers always send it) and is allowed, as CORS allows it.
 */
export function upgradeAuthProblem(req: IncomingMessage, url: URL, settings: WsAuthSettings): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && !settings.corsOrigins.includes('*') && !settings.corsOrigins.includes(origin)) return 'Origin not allowed';
  if (settings.apiKeyEnabled) {
    const key = presentedApiKey(req, url);
    if (!key) return 'API key required';
    if (!isValidApiKey(key, settings.apiKeyHashes)) return 'Invalid API key';
  }
  if (settings.token !== undefined) {
    const token = url.searchParams.get('token');
    if (!token) return 'Token required';
    if (!sameSecret(token, settings.token)) return 'Invalid token';
  }
  return undefined;
}

/**
 * The subprotocol to answer with. A client that offers protocols fails the handshake unless the
 * server picks one, so a key-only client gets its `api-key.*` entry back (what browsers need);
 * any other offered protocol is preferred, so the key is not echoed when it need not be.
 */
export function chooseProtocol(protocols: Set<string>): string | false {
  const list = [...protocols];
  return list.find((protocol) => !protocol.startsWith(API_KEY_PROTOCOL_PREFIX)) ?? list[0] ?? false;
}
