import { isIP } from 'node:net';
import type { Request } from 'express';

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR range, or one of proxy-addr's named ranges. */
export function isTrustedProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

/**
 * Express's `trust proxy` value: `X-Forwarded-For` is believed only when the direct peer is one
 * of `TRUSTED_PROXY_IPS`; from anyone else it is ignored, so a client cannot pick its own
 * rate-limit bucket.
 */
export function trustProxySetting(trustedProxies: string[]): false | string[] {
  return trustedProxies.length === 0 ? false : trustedProxies;
}

/** The client address as the rate limiter keys it (IPv4-mapped IPv6 shown as plain IPv4). */
export function clientIp(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}
