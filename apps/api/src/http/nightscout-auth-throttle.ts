/**
 * Slows down clients that present wrong Nightscout credentials, as Nightscout does. Each failed
 * attempt from an address adds a delay to that address's next requests. After many failures
 * the address is locked out until it has failed no more for a while. State lives in memory,
 * so it is per process and lost on restart, and the number of addresses kept is bounded.
 */

/** Settings of `FailedAuthThrottle`. */
export interface FailedAuthThrottleOptions {
  /** Delay added per failed attempt still remembered, in ms; 250 by default. */
  stepMs?: number;
  /** Maximum delay, in ms; 5,000 by default. */
  maxDelayMs?: number;
  /** How long after its last failure an address is forgotten, in ms; 60,000 by default. */
  windowMs?: number;
  /** Failures after which an address is locked out until it is forgotten; 20 by default. */
  lockoutFailures?: number;
  /** Maximum number of addresses remembered; the one that failed longest ago goes first. */
  maxAddresses?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface FailureState {
  failures: number;
  lastFailureMs: number;
}

/** The state of an address before a request is handled. */
export interface ThrottleVerdict {
  /** Milliseconds to wait before handling the request. */
  delayMs: number;
  /** When set, reject the request without checking it; retry after this many ms. */
  lockedOutForMs: number | null;
}

/** Tracks failed authentication attempts per client address. */
export class FailedAuthThrottle {
  private readonly states = new Map<string, FailureState>();
  private readonly stepMs: number;
  private readonly maxDelayMs: number;
  private readonly windowMs: number;
  private readonly lockoutFailures: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(options: FailedAuthThrottleOptions = {}) {
    this.stepMs = options.stepMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.windowMs = options.windowMs ?? 60_000;
    this.lockoutFailures = options.lockoutFailures ?? 20;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Return how to treat the next request from `address`. */
  check(address: string): ThrottleVerdict {
    const state = this.current(address);
    if (!state) return { delayMs: 0, lockedOutForMs: null };
    if (state.failures >= this.lockoutFailures) {
      return { delayMs: 0, lockedOutForMs: state.lastFailureMs + this.windowMs - this.now() };
    }
    return { delayMs: this.delayOf(state.failures), lockedOutForMs: null };
  }

  /** Record a failed attempt; returns the delay to apply before responding to it, in ms. */
  recordFailure(address: string): number {
    const state = this.current(address) ?? { failures: 0, lastFailureMs: 0 };
    state.failures += 1;
    state.lastFailureMs = this.now();
    // Re-inserting moves the address to the end, so the first key is the oldest failure.
    this.states.delete(address);
    this.states.set(address, state);
    while (this.states.size > this.maxAddresses) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) break;
      this.states.delete(oldest);
    }
    return this.delayOf(state.failures);
  }

  /** Number of addresses remembered. */
  get size(): number {
    return this.states.size;
  }

  private current(address: string): FailureState | null {
    const state = this.states.get(address);
    if (!state) return null;
    if (this.now() - state.lastFailureMs >= this.windowMs) {
      this.states.delete(address);
      return null;
    }
    return state;
  }

  private delayOf(failures: number): number {
    return Math.min(failures * this.stepMs, this.maxDelayMs);
  }
}

/** Resolve after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
