import { describe, expect, it } from 'vitest';

import { glucoseSamplesFromMmolL, presentGlucoseStatisticsInMmolL } from './mmol-l.ts';
import { computeGlucoseStatistics } from './statistics.ts';

const T0 = Date.UTC(2024, 0, 1);
const PERIOD = { fromMs: T0, toMs: T0 + 14 * 86_400_000, sampleIntervalMinutes: 15 };

function mmolSamples(values: readonly number[]) {
  return glucoseSamplesFromMmolL(
    values.map((valueMmolL, index) => ({
      timeMs: T0 + index * 15 * 60_000,
      valueMmolL,
      outOfRange: null,
      thresholdMmolL: null,
    })),
  );
}

describe('glucoseSamplesFromMmolL', () => {
  it('converts values and thresholds to mg/dL', () => {
    // 5.5 × 18.01559 = 99.085745; 2.2 × 18.01559 = 39.634298.
    const samples = glucoseSamplesFromMmolL([
      { timeMs: T0, valueMmolL: 5.5, outOfRange: null, thresholdMmolL: null },
      { timeMs: T0, valueMmolL: null, outOfRange: 'low', thresholdMmolL: 2.2 },
    ]);

    expect(samples[0]?.valueMgDl).toBeCloseTo(99.085745, 6);
    expect(samples[1]?.valueMgDl).toBeNull();
    expect(samples[1]?.thresholdMgDl).toBeCloseTo(39.634298, 6);
    expect(samples[1]?.outOfRange).toBe('low');
  });
});

describe('statistics from mmol/L input', () => {
  // 5.0, 10.0, 15.0 mmol/L: mean 10.0 mmol/L = 180.1559 mg/dL; SD 5.0 mmol/L = 90.07795 mg/dL;
  // CV 50%; GMI = 3.31 + 0.02392 × 180.1559 = 7.619329 %; 12.71 + 4.70587 × 10 = 59.7687.
  const samples = mmolSamples([5.0, 10.0, 15.0]);

  it('computes mg/dL results', () => {
    const result = computeGlucoseStatistics(samples, PERIOD);

    expect(result.meanMgDl).toBeCloseTo(180.1559, 6);
    expect(result.sdMgDl).toBeCloseTo(90.07795, 6);
    expect(result.cvPercent).toBeCloseTo(50, 10);
    expect(result.gmiPercent).toBeCloseTo(7.619329, 6);
    expect(result.gmiMmolMol).toBeCloseTo(59.7687, 6);
  });

  it('classifies 10.0 mmol/L by the unit chosen', () => {
    // mmol/L limits: 5.0 and 10.0 target, 15.0 very high. mg/dL limits: 10.0 is 180.16, high.
    const mmol = computeGlucoseStatistics(samples, { ...PERIOD, unit: 'mmol/L' });
    const mgdl = computeGlucoseStatistics(samples, PERIOD);

    expect(mmol.timeInRanges?.targetPercent).toBeCloseTo(200 / 3, 10);
    expect(mmol.timeInRanges?.veryHighPercent).toBeCloseTo(100 / 3, 10);
    expect(mgdl.timeInRanges?.targetPercent).toBeCloseTo(100 / 3, 10);
    expect(mgdl.timeInRanges?.highPercent).toBeCloseTo(100 / 3, 10);
  });

  it('presents mean and SD in mmol/L', () => {
    const presented = presentGlucoseStatisticsInMmolL(computeGlucoseStatistics(samples, PERIOD));

    expect(presented.meanMmolL).toBeCloseTo(10, 10);
    expect(presented.sdMmolL).toBeCloseTo(5, 10);
    expect(presented.cvPercent).toBeCloseTo(50, 10);
    expect('meanMgDl' in presented).toBe(false);
  });

  it('presents empty statistics as nulls', () => {
    const presented = presentGlucoseStatisticsInMmolL(computeGlucoseStatistics([], PERIOD));

    expect(presented.meanMmolL).toBeNull();
    expect(presented.sdMmolL).toBeNull();
  });
});
