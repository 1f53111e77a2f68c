/**
 * `CHAOS_FULL=1` (or `true`; `pnpm test:chaos`) runs every chaos scenario at full size; without it, `pnpm test`
 * runs the reduced set that keeps the whole run within its time budget on a 2-core machine.
 */
export const CHAOS_FULL = /^(1|true|yes)$/i.test(process.env.CHAOS_FULL ?? '');

/** `reduced` images in the default run, `full` under CHAOS_FULL=1. */
export function chaosImages(reduced: number, full: number): number {
  return CHAOS_FULL ? full : reduced;
}

/**
 * `describe` for a scenario that only runs under CHAOS_FULL=1, with the reason it is not part of
 * `pnpm test`; the reason shows in jest's output as the skipped block's name.
 */
export function describeFull(name: string, reason: string, body: () => void): void {
  if (CHAOS_FULL) describe(name, body);
  else describe.skip(`${name} (CHAOS_FULL=1 only: ${reason})`, body);
}
