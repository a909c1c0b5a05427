/**
 * Exponential and logarithm computed with IEEE 754 addition, multiplication and division only.
 *
 * ECMAScript leaves the accuracy of `Math.exp`, `Math.log` and `Math.pow` to the engine, so
 * their last bit may differ between engines, versions or processors. One such bit can flip the
 * rounding of a glucose value to whole mg/dL, and with it the bytes of an export file. Basic
 * arithmetic and `Math.sqrt` are correctly rounded everywhere, so the functions here give the
 * same double on every conforming runtime. They are accurate to about 2 units in the last place,
 * far more than the simulation needs.
 */

/** ln 2 split so that `k * LN2_HIGH` is exact for |k| < 2^20 (Cody and Waite's reduction). */
const LN2_HIGH = 0.69314718036912381649;
const LN2_LOW = 1.90821492927058770002e-10;
const INV_LN2 = 1.4426950408889634;
const SQRT2 = 1.4142135623730951;

/** Taylor coefficients 1/n! for n = 0..13; |r| <= ln 2 / 2 makes the omitted terms < 1e-17. */
const EXP_COEFFICIENTS = [
  1,
  1,
  1 / 2,
  1 / 6,
  1 / 24,
  1 / 120,
  1 / 720,
  1 / 5040,
  1 / 40320,
  1 / 362880,
  1 / 3628800,
  1 / 39916800,
  1 / 479001600,
  1 / 6227020800,
];

/** Returns 2^k for an integer k in [-1074, 1023] by repeated squaring, which is exact. */
function powerOfTwo(k: number): number {
  let result = 1;
  let base = k < 0 ? 0.5 : 2;
  let n = k < 0 ? -k : k;
  while (n > 0) {
    if (n & 1) {
      result *= base;
    }
    base *= base;
    n >>>= 1;
  }
  return result;
}

/** Returns e^x, deterministically across runtimes (see the file comment). */
export function detExp(x: number): number {
  if (Number.isNaN(x)) {
    return Number.NaN;
  }
  if (x > 709.78) {
    return Number.POSITIVE_INFINITY;
  }
  if (x < -745.13) {
    return 0;
  }
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HIGH - k * LN2_LOW;

  let polynomial = EXP_COEFFICIENTS[13] as number;
  for (let i = 12; i >= 0; i -= 1) {
    polynomial = polynomial * r + (EXP_COEFFICIENTS[i] as number);
  }
  // Scale in two steps: for k near ±1074, 2^k alone would overflow or underflow.
  const half = k >> 1;
  return polynomial * powerOfTwo(half) * powerOfTwo(k - half);
}

/**
 * Returns the natural logarithm of x, deterministically across runtimes. Returns NaN for
 * x < 0 or NaN, -Infinity for 0 and Infinity for Infinity.
 */
export function detLog(x: number): number {
  if (Number.isNaN(x) || x < 0) {
    return Number.NaN;
  }
  if (x === 0) {
    return Number.NEGATIVE_INFINITY;
  }
  if (x === Number.POSITIVE_INFINITY) {
    return x;
  }

  // Split x = m * 2^e with m in [sqrt(1/2), sqrt(2)); halving and doubling are exact.
  let m = x;
  let e = 0;
  while (m >= 1024) {
    m *= 1 / 1024;
    e += 10;
  }
  while (m < 1 / 1024) {
    m *= 1024;
    e -= 10;
  }
  while (m >= SQRT2) {
    m *= 0.5;
    e += 1;
  }
  while (m < SQRT2 / 2) {
    m *= 2;
    e -= 1;
  }

  // ln m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| <= 0.1716.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let series = 1 / 23;
  for (let n = 21; n >= 1; n -= 2) {
    series = series * s2 + 1 / n;
  }
  return e * LN2_HIGH + (e * LN2_LOW + 2 * s * series);
}

/** Returns base^exponent for base > 0 through `detExp` and `detLog`. */
export function detPow(base: number, exponent: number): number {
  if (base === 1 || exponent === 0) {
    return 1;
  }
  return detExp(exponent * detLog(base));
}
