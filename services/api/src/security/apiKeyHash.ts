import { createHash, timingSafeEqual } from 'node:crypto';

const SHA256_ENTRY = /^sha256:([0-9a-f]{64})$/i;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * A short, stable name for a key in audit rows and logs: the first 12 hex digits of its SHA-256.
 * It identifies which configured key was used without revealing the key.
 */
export function apiKeyId(key: string): string {
  return hashApiKey(key).slice(0, 12);
}

/**
 * `API_KEYS` is a comma-separated list of keys or of `sha256:<hex>` digests (so an operator can
 * keep plain keys out of the environment too). Either way only digests are kept.
 */
export function apiKeyHashesFromEnv(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => SHA256_ENTRY.exec(entry)?.[1].toLowerCase() ?? hashApiKey(entry));
}

/**
 * Compares the presented key's digest with every stored digest in constant time, without an
 * early exit, so the response time says nothing about which key (or how much of it) matched.
 */
export function isValidApiKey(presented: string, storedHashes: readonly string[]): boolean {
  const digest = Buffer.from(hashApiKey(presented), 'hex');
  let matched = false;
  for (const stored of storedHashes) {
    if (timingSafeEqual(digest, Buffer.from(stored, 'hex'))) matched = true;
  }
  return matched;
}
