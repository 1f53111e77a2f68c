export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Describes what was awaited, for the failure message. */
  what?: string;
}

/** Polls `condition` until it holds or the deadline passes (then throws with the last value). */
export async function waitFor<T>(
  condition: () => Promise<T> | T,
  { timeoutMs = 10_000, intervalMs = 20, what = 'condition' }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await condition();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
