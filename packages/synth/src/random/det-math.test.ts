import { describe, expect, it } from 'vitest';
import { detExp, detLog, detPow } from './det-math.ts';

describe('detExp and detLog', () => {
  it('exact at known points', () => {
    expect(detExp(0)).toBe(1);
    expect(detLog(1)).toBe(0);
    expect(detLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(detLog(-1)).toBeNaN();
    expect(detExp(-800)).toBe(0);
    expect(detExp(800)).toBe(Number.POSITIVE_INFINITY);
  });

  it('agree with Math to 1e-14 relative', () => {
    for (const x of [-700, -50.5, -3.2, -1, -1e-9, 1e-9, 0.5, 1, 2.302585, 10, 88.7, 700]) {
      expect(Math.abs(detExp(x) / Math.exp(x) - 1)).toBeLessThan(1e-14);
    }
    for (const x of [1e-300, 1e-9, 0.001, 0.5, 0.999, 1.5, 2, 10, 1234.5, 1e10, 1e300]) {
      expect(Math.abs(detLog(x) - Math.log(x))).toBeLessThan(
        1e-14 * Math.max(1, Math.abs(Math.log(x))),
      );
    }
  });

  it('log of powers of two is k ln 2', () => {
    expect(detLog(1024)).toBeCloseTo(10 * 0.6931471805599453, 14);
    expect(detLog(1 / 8)).toBeCloseTo(-3 * 0.6931471805599453, 14);
  });

  it('pow through exp and log', () => {
    expect(detPow(2, 10)).toBeCloseTo(1024, 10);
    expect(detPow(9, 0.5)).toBeCloseTo(3, 13);
    expect(detPow(5, 0)).toBe(1);
  });
});
