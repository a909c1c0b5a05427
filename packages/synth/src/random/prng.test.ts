import { describe, expect, it } from 'vitest';
import { logNormal, poisson, standardNormal } from './distributions.ts';
import { hashText, Random, seedToUint32 } from './prng.ts';

function draws(random: Random, count: number): number[] {
  return Array.from({ length: count }, () => random.nextUint32());
}

describe('Random', () => {
  it('same seed gives the same sequence', () => {
    expect(draws(new Random(42), 100)).toEqual(draws(new Random(42), 100));
    expect(draws(new Random('patient/7'), 100)).toEqual(draws(new Random('patient/7'), 100));
  });

  it('different seeds give different sequences', () => {
    expect(draws(new Random(1), 10)).not.toEqual(draws(new Random(2), 10));
    expect(seedToUint32(0)).not.toBe(seedToUint32(2 ** 32));
  });

  it('forks are independent of draws from the parent', () => {
    const parent = new Random(5);
    const early = draws(parent.fork('meals'), 5);
    draws(parent, 1000);
    expect(draws(parent.fork('meals'), 5)).toEqual(early);
    expect(draws(parent.fork('sensor'), 5)).not.toEqual(early);
  });

  it('uniform stays in (0, 1) with mean near 1/2', () => {
    const random = new Random(9);
    let sum = 0;
    for (let i = 0; i < 20000; i += 1) {
      const u = random.uniform();
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
      sum += u;
    }
    // SD of the mean of 20,000 uniforms is 0.002.
    expect(Math.abs(sum / 20000 - 0.5)).toBeLessThan(0.01);
  });

  it('hashes text with FNV-1a then fmix32', () => {
    // FNV-1a of the empty string is the offset basis 0x811c9dc5; fmix32 of it, by hand.
    let h = 0x811c9dc5;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    expect(hashText('')).toBe((h ^ (h >>> 16)) >>> 0);
  });
});

describe('distributions', () => {
  it('standard normal has mean 0 and SD 1', () => {
    const random = new Random(3);
    const values = Array.from({ length: 20000 }, () => standardNormal(random));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.03);
  });

  it('log-normal has the given median', () => {
    const random = new Random(4);
    const values = Array.from({ length: 10001 }, () => logNormal(random, 40, 0.3)).sort(
      (a, b) => a - b,
    );
    expect(Math.abs((values[5000] as number) - 40)).toBeLessThan(1);
  });

  it('poisson has the given mean', () => {
    const random = new Random(6);
    const values = Array.from({ length: 10000 }, () => poisson(random, 1.5));
    expect(Math.abs(values.reduce((sum, value) => sum + value, 0) / 10000 - 1.5)).toBeLessThan(
      0.05,
    );
  });
});
