import { createHash } from 'node:crypto';

/** Deterministic stand-ins for uploaded content: a SHA-256 hex digest per seed. */
export function fakeFileHash(seed: string | number): string {
  return createHash('sha256').update(`fixture:${seed}`).digest('hex');
}

/** Minutes before a fixed reference instant, so timestamps are stable between runs. */
export const REFERENCE_TIME = new Date('2026-11-20T12:00:00.000Z');

export function minutesAgo(minutes: number, from: Date = REFERENCE_TIME): Date {
  return new Date(from.getTime() - minutes * 60_000);
}

export { SECURITY_CLASSES } from '@secpipe/core';
