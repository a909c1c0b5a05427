import { describe, expect, it } from 'vitest';

import {
  computeAdrr,
  computeGlucoseRiskIndices,
  glucoseRisk,
  IGLU_RISK_SCALE,
  KOVATCHEV_RISK_SCALE,
} from './risk.ts';
import { MINUTE_MS, outOfRangeSample, samplesEvery, valueSample } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);
const VECTOR = [101, 121, 141, 151, 161, 171, 191, 201, 231, 251];

// Risk per value with scale 10 × 1.509² = 22.77081 and f = (ln g)^1.084 − 5.381:
// g = 40: f = −1.2646376, r = 36.417547;  g = 100: f = −0.1454981, r = 0.4820511;
// g = 200: f = 0.7138856, r = 11.604748;  g = 250: f = 0.9926255, r = 22.436200.

describe('glucoseRisk', () => {
  it('splits risk at about 112.5 mg/dL', () => {
    expect(glucoseRisk(100).low).toBeCloseTo(0.4820511, 6);
    expect(glucoseRisk(100).high).toBe(0);
    expect(glucoseRisk(200).low).toBe(0);
    expect(glucoseRisk(200).high).toBeCloseTo(11.604748, 5);
  });

  it('uses 10 × 1.509² by default', () => {
    expect(KOVATCHEV_RISK_SCALE).toBeCloseTo(22.77081, 10);
  });
});

describe('computeGlucoseRiskIndices', () => {
  it('matches the ten-value test vector', () => {
    // Only 101 has f < 0: r = 0.404214, LBGI = 0.404214 / 10 = 0.0404214.
    // r of the other nine add up to 78.069376, HBGI = 7.806938.
    const result = computeGlucoseRiskIndices(samplesEvery(T0, 5, VECTOR));

    expect(result?.lbgi).toBeCloseTo(0.04042143, 8);
    expect(result?.hbgi).toBeCloseTo(7.806938, 6);
    expect(result?.readingCount).toBe(10);
  });

  it('reproduces iglu with the rounded scale', () => {
    // Scaling by 22.77 / 22.77081: LBGI 0.04041999, HBGI 7.80665983.
    const result = computeGlucoseRiskIndices(samplesEvery(T0, 5, VECTOR), {
      riskScale: IGLU_RISK_SCALE,
    });

    expect(result?.lbgi).toBeCloseTo(0.04041999, 8);
    expect(result?.hbgi).toBeCloseTo(7.80665983, 7);
  });

  it('counts all-Low readings at the threshold', () => {
    // Every reading is 40 mg/dL: LBGI = r(40) = 36.417547, HBGI = 0.
    const samples = [0, 1, 2].map((index) =>
      outOfRangeSample(T0 + index * 5 * MINUTE_MS, 'low', 40),
    );
    const result = computeGlucoseRiskIndices(samples);

    expect(result?.lbgi).toBeCloseTo(36.417547, 5);
    expect(result?.hbgi).toBe(0);
  });

  it('returns null without readings', () => {
    expect(computeGlucoseRiskIndices([])).toBeNull();
  });
});

describe('computeAdrr', () => {
  it('averages daily maximum risks', () => {
    // Day 1: Low (40), 100, 250 -> max low r(40) = 36.417547, max high r(250) = 22.436200.
    // Day 2: 150, 200 -> max low 0, max high r(200) = 11.604748.
    // ADRR = (36.417547 + 22.436200 + 11.604748) / 2 = 35.229248.
    const day2 = T0 + 24 * 60 * MINUTE_MS;
    const samples = [
      outOfRangeSample(T0, 'low', 40),
      valueSample(T0 + 60 * MINUTE_MS, 100),
      valueSample(T0 + 120 * MINUTE_MS, 250),
      valueSample(day2, 150),
      valueSample(day2 + 60 * MINUTE_MS, 200),
    ];
    const result = computeAdrr(samples, { timezone: 'UTC' });

    expect(result?.dayCount).toBe(2);
    expect(result?.adrr).toBeCloseTo(35.229248, 5);
  });

  it('splits days in the local zone', () => {
    // 23:30 and 00:30 UTC are two UTC days but 00:30 and 01:30 of one Berlin day (UTC+1).
    const samples = [valueSample(T0 - 30 * MINUTE_MS, 100), valueSample(T0 + 30 * MINUTE_MS, 200)];

    expect(computeAdrr(samples, { timezone: 'UTC' })?.dayCount).toBe(2);
    expect(computeAdrr(samples, { timezone: 'Europe/Berlin' })?.dayCount).toBe(1);
  });

  it('drops days with too few readings', () => {
    const samples = samplesEvery(T0, 5, [100, 200]);

    expect(computeAdrr(samples, { timezone: 'UTC', minReadingsPerDay: 3 })).toBeNull();
    // One day with 2 readings: r(100) low + r(200) high = 0.4820511 + 11.604748 = 12.086799.
    expect(computeAdrr(samples, { timezone: 'UTC' })?.adrr).toBeCloseTo(12.086799, 5);
  });

  it('returns null without readings', () => {
    expect(computeAdrr([], { timezone: 'UTC' })).toBeNull();
  });
});
