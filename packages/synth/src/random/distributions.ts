/**
 * Random deviates of the distributions the simulation uses, built on `Random` and the
 * deterministic `detExp`/`detLog`, so that every machine draws the same values.
 */
import { detExp, detLog } from './det-math.ts';
import type { Random } from './prng.ts';

/** Returns a standard normal deviate (Marsaglia's polar method; needs only log and sqrt). */
export function standardNormal(random: Random): number {
  const spare = random.takeSpareNormal();
  if (spare !== null) {
    return spare;
  }
  for (;;) {
    const u = 2 * random.uniform() - 1;
    const v = 2 * random.uniform() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) {
      const factor = Math.sqrt((-2 * detLog(s)) / s);
      random.setSpareNormal(v * factor);
      return u * factor;
    }
  }
}

/** Returns a normal deviate with the given mean and standard deviation. */
export function normal(random: Random, mean: number, sd: number): number {
  return mean + sd * standardNormal(random);
}

/** Returns a normal deviate clamped to [min, max]. */
export function clampedNormal(
  random: Random,
  mean: number,
  sd: number,
  min: number,
  max: number,
): number {
  return clamp(normal(random, mean, sd), min, max);
}

/**
 * Returns a log-normal deviate with the given median and coefficient of variation (SD / mean
 * of the log-normal itself, as a fraction: 0.2 for 20%).
 */
export function logNormal(random: Random, median: number, cv: number): number {
  const sigma = Math.sqrt(detLog(1 + cv * cv));
  return median * detExp(sigma * standardNormal(random));
}

/** Returns an exponential deviate with the given mean. */
export function exponential(random: Random, mean: number): number {
  return -mean * detLog(random.uniform());
}

/**
 * Returns a Poisson deviate with mean `lambda` (Knuth's multiplication method for lambda < 30,
 * a rounded normal approximation above).
 */
export function poisson(random: Random, lambda: number): number {
  if (lambda <= 0) {
    return 0;
  }
  if (lambda >= 30) {
    return Math.max(0, Math.round(normal(random, lambda, Math.sqrt(lambda))));
  }
  const limit = detExp(-lambda);
  let count = 0;
  let product = random.uniform();
  while (product > limit) {
    count += 1;
    product *= random.uniform();
  }
  return count;
}

/** Returns `value` limited to [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  if (value < min) {
    return min;
  }
  return value > max ? max : value;
}

/** Returns an index drawn with probability proportional to its weight. */
export function weightedIndex(random: Random, weights: readonly number[]): number {
  let total = 0;
  for (const weight of weights) {
    total += weight;
  }
  let threshold = random.uniform() * total;
  for (let i = 0; i < weights.length; i += 1) {
    threshold -= weights[i] as number;
    if (threshold < 0) {
      return i;
    }
  }
  return weights.length - 1;
}
