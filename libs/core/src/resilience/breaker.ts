import CircuitBreaker from 'opossum';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSettings {
  /** Per-call timeout in ms; false to leave timeouts to the adapter. */
  timeoutMs?: number | false;
  /** Open after this many consecutive failures. */
  failureThreshold?: number;
  /** How long the breaker stays open before a half-open probe. */
  resetTimeoutMs?: number;
}

/**
 * Named opossum breakers. Opossum opens on an error *percentage* over a rolling window; an
 * upstream that is down is better described by consecutive failures, so we count those and open
 * the breaker ourselves, leaving probing and half-open to opossum.
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  create<A extends unknown[], R>(name: string, action: (...args: A) => Promise<R>, settings: BreakerSettings = {}): CircuitBreaker<A, R> {
    const { timeoutMs = false, failureThreshold = 5, resetTimeoutMs = 30_000 } = settings;
    const breaker = new CircuitBreaker<A, R>(action, {
      name,
      timeout: timeoutMs,
      resetTimeout: resetTimeoutMs,
      // Percentage-based opening is disabled: consecutive failures decide (below).
      errorThresholdPercentage: 101,
      volumeThreshold: Number.MAX_SAFE_INTEGER,
    });
    let consecutiveFailures = 0;
    breaker.on('success', () => {
      consecutiveFailures = 0;
    });
    breaker.on('failure', () => {
      consecutiveFailures += 1;
      if (consecutiveFailures >= failureThreshold && !breaker.opened) breaker.open();
    });
    breaker.on('halfOpen', () => {
      consecutiveFailures = failureThreshold - 1; // one more failure re-opens it
    });
    this.breakers.set(name, breaker as unknown as CircuitBreaker);
    return breaker;
  }

  states(): Record<string, BreakerState> {
    const states: Record<string, BreakerState> = {};
    for (const [name, breaker] of this.breakers) states[name] = breakerState(breaker);
    return states;
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}

export function breakerState(breaker: CircuitBreaker): BreakerState {
  if (breaker.halfOpen) return 'half_open';
  return breaker.opened ? 'open' : 'closed';
}
