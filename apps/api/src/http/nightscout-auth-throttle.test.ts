import { describe, expect, it } from 'vitest';
import { FailedAuthThrottle } from './nightscout-auth-throttle.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('FailedAuthThrottle', () => {
  it('grows the delay per failure up to the cap', () => {
    const time = clock();
    const throttle = new FailedAuthThrottle({ stepMs: 100, maxDelayMs: 250, now: time.now });
    expect(throttle.check('a').delayMs).toBe(0);
    expect(throttle.recordFailure('a')).toBe(100);
    expect(throttle.recordFailure('a')).toBe(200);
    expect(throttle.recordFailure('a')).toBe(250);
    expect(throttle.check('a').delayMs).toBe(250);
    expect(throttle.check('b').delayMs).toBe(0);
  });

  it('forgets an address after the window', () => {
    const time = clock();
    const throttle = new FailedAuthThrottle({ stepMs: 100, windowMs: 1000, now: time.now });
    throttle.recordFailure('a');
    time.advance(999);
    expect(throttle.check('a').delayMs).toBe(100);
    time.advance(1);
    expect(throttle.check('a').delayMs).toBe(0);
    expect(throttle.size).toBe(0);
  });

  it('locks an address out after many failures', () => {
    const time = clock();
    const throttle = new FailedAuthThrottle({
      lockoutFailures: 3,
      windowMs: 60_000,
      now: time.now,
    });
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('a');
    time.advance(10_000);
    expect(throttle.check('a')).toEqual({ delayMs: 0, lockedOutForMs: 50_000 });
  });

  it('keeps a bounded number of addresses', () => {
    const throttle = new FailedAuthThrottle({ maxAddresses: 2 });
    throttle.recordFailure('a');
    throttle.recordFailure('b');
    throttle.recordFailure('c');
    expect(throttle.size).toBe(2);
    expect(throttle.check('a').delayMs).toBe(0);
    expect(throttle.check('c').delayMs).toBeGreaterThan(0);
  });
});
