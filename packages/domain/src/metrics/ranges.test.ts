import { describe, expect, it } from 'vitest';

import { classifyGlucoseMgDl, classifyGlucoseSample, computeTimeInRanges } from './ranges.ts';
import { outOfRangeSample, samplesEvery, valueSample } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);

describe('classifyGlucoseMgDl', () => {
  it.each([
    [53.999, 'veryLow'],
    [54, 'low'],
    [69.999, 'low'],
    [70, 'target'],
    [180, 'target'],
    [180.0001, 'high'],
    [250, 'high'],
    [250.0001, 'veryHigh'],
  ] as const)('puts %f mg/dL in %s', (valueMgDl, band) => {
    expect(classifyGlucoseMgDl(valueMgDl)).toBe(band);
  });

  // Each mmol/L value × 18.01559, then classified by mmol/L limits after rounding to 0.1.
  it.each([
    [2.9, 'veryLow'],
    [3.0, 'low'],
    [3.8, 'low'],
    [3.9, 'target'],
    [10.0, 'target'],
    [10.04, 'target'],
    [10.1, 'high'],
    [13.9, 'high'],
    [14.0, 'veryHigh'],
  ] as const)('puts %f mmol/L in %s with mmol/L limits', (valueMmolL, band) => {
    expect(classifyGlucoseMgDl(valueMmolL * 18.01559, 'mmol/L')).toBe(band);
  });

  it('puts 10.0 mmol/L high in mg/dL', () => {
    // 10.0 × 18.01559 = 180.1559 mg/dL > 180.
    expect(classifyGlucoseMgDl(10.0 * 18.01559)).toBe('high');
  });
});

describe('classifyGlucoseSample', () => {
  it('classifies Low and High by flag', () => {
    expect(classifyGlucoseSample(outOfRangeSample(T0, 'low', 40))).toBe('veryLow');
    expect(classifyGlucoseSample(outOfRangeSample(T0, 'high', 400))).toBe('veryHigh');
    expect(classifyGlucoseSample(outOfRangeSample(T0, 'low', null))).toBe('veryLow');
  });

  it('returns null for unusable samples', () => {
    expect(classifyGlucoseSample(valueSample(T0, 0))).toBeNull();
    expect(classifyGlucoseSample(valueSample(T0, Number.POSITIVE_INFINITY))).toBeNull();
  });
});

describe('computeTimeInRanges', () => {
  it('returns null without readings', () => {
    expect(computeTimeInRanges([])).toBeNull();
  });

  it('counts readings per band', () => {
    // 8 readings: very low 1 (40 Low), low 1 (65), target 4, high 1 (200), very high 1 (300).
    const samples = [
      outOfRangeSample(T0, 'low', 40),
      ...samplesEvery(T0 + 5 * 60_000, 5, [65, 70, 100, 150, 180, 200, 300]),
    ];
    const result = computeTimeInRanges(samples);

    expect(result?.veryLowPercent).toBe(12.5);
    expect(result?.lowPercent).toBe(12.5);
    expect(result?.targetPercent).toBe(50);
    expect(result?.highPercent).toBe(12.5);
    expect(result?.veryHighPercent).toBe(12.5);
    expect(result?.below70Percent).toBe(25);
    expect(result?.above180Percent).toBe(25);
  });
});
