import { describe, expect, it } from 'vitest';

import type { GlucoseSample } from './glucose-sample.ts';
import { computeGlucoseStatistics } from './statistics.ts';

const FROM_MS = Date.UTC(2024, 0, 1);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const FOURTEEN_DAYS = { fromMs: FROM_MS, toMs: FROM_MS + 14 * DAY_MS, sampleIntervalMinutes: 5 };

function samplesEvery(minutes: number, valuesMgDl: readonly number[]): GlucoseSample[] {
  return valuesMgDl.map((valueMgDl, index) => ({
    timeMs: FROM_MS + index * minutes * MINUTE_MS,
    valueMgDl,
    outOfRange: null,
    thresholdMgDl: null,
  }));
}

function outOfRangeSample(
  timeMs: number,
  outOfRange: 'low' | 'high',
  thresholdMgDl: number | null,
): GlucoseSample {
  return { timeMs, valueMgDl: null, outOfRange, thresholdMgDl };
}

describe('computeGlucoseStatistics', () => {
  it('matches the ten-value test vector', () => {
    // mean = 1720 / 10 = 172; deviations -71 -51 -31 -21 -11 -1 19 29 59 79;
    // squares add up to 20090; SD = sqrt(20090 / 9) = 47.246399; CV = 100 × SD / 172 = 27.468837.
    // GMI % = 3.31 + 0.02392 × 172 = 7.42424.
    // GMI mmol/mol = 12.71 + 4.70587 × (172 / 18.01559) = 12.71 + 4.70587 × 9.5472865 = 57.638289.
    // Bands: 101..171 target (6), 191, 201, 231 high (3), 251 very high (1).
    const samples = samplesEvery(5, [101, 121, 141, 151, 161, 171, 191, 201, 231, 251]);
    const result = computeGlucoseStatistics(samples, FOURTEEN_DAYS);

    expect(result.readingCount).toBe(10);
    expect(result.outOfRangeCount).toEqual({ low: 0, high: 0 });
    expect(result.meanMgDl).toBeCloseTo(172, 10);
    expect(result.sdMgDl).toBeCloseTo(47.2464, 4);
    expect(result.cvPercent).toBeCloseTo(27.46884, 5);
    expect(result.gmiPercent).toBeCloseTo(7.42424, 10);
    expect(result.gmiMmolMol).toBeCloseTo(57.638289, 5);
    expect(result.timeInRanges?.veryLowPercent).toBe(0);
    expect(result.timeInRanges?.lowPercent).toBe(0);
    expect(result.timeInRanges?.targetPercent).toBeCloseTo(60, 10);
    expect(result.timeInRanges?.highPercent).toBeCloseTo(30, 10);
    expect(result.timeInRanges?.veryHighPercent).toBeCloseTo(10, 10);
    expect(result.timeInRanges?.below70Percent).toBe(0);
    expect(result.timeInRanges?.above180Percent).toBeCloseTo(40, 10);
  });

  it('matches the five-value test vector', () => {
    // mean = 660 / 5 = 132; deviations -82 -72 -32 58 128; squares 6724 5184 1024 3364 16384
    // add up to 32680; SD = sqrt(32680 / 4) = sqrt(8170) = 90.388052; CV = 68.475797.
    // GMI % = 3.31 + 0.02392 × 132 = 6.46744; mmol/mol = 12.71 + 4.70587 × 7.3269984 = 47.189850.
    // One reading in each band: 50 very low, 60 low, 100 target, 190 high, 260 very high.
    const result = computeGlucoseStatistics(
      samplesEvery(5, [50, 60, 100, 190, 260]),
      FOURTEEN_DAYS,
    );

    expect(result.meanMgDl).toBeCloseTo(132, 10);
    expect(result.sdMgDl).toBeCloseTo(90.38805, 5);
    expect(result.cvPercent).toBeCloseTo(68.4758, 4);
    expect(result.gmiPercent).toBeCloseTo(6.46744, 10);
    expect(result.gmiMmolMol).toBeCloseTo(47.18985, 5);
    expect(result.timeInRanges).toEqual({
      veryLowPercent: 20,
      lowPercent: 20,
      targetPercent: 20,
      highPercent: 20,
      veryHighPercent: 20,
      below70Percent: 40,
      above180Percent: 40,
    });
  });

  it('returns nulls for empty input', () => {
    const result = computeGlucoseStatistics([], FOURTEEN_DAYS);

    expect(result.readingCount).toBe(0);
    expect(result.outOfRangeCount).toEqual({ low: 0, high: 0 });
    expect(result.meanMgDl).toBeNull();
    expect(result.sdMgDl).toBeNull();
    expect(result.cvPercent).toBeNull();
    expect(result.gmiPercent).toBeNull();
    expect(result.gmiMmolMol).toBeNull();
    expect(result.timeInRanges).toBeNull();
    // 14 days × 288 readings a day = 4032 expected.
    expect(result.sufficiency).toEqual({
      periodDays: 14,
      daysWithData: 0,
      expectedReadings: 4032,
      presentPercent: 0,
      sufficient: false,
    });
  });

  it('handles one reading', () => {
    // GMI = 3.31 + 0.02392 × 154 = 6.99368.
    const result = computeGlucoseStatistics(samplesEvery(5, [154]), FOURTEEN_DAYS);

    expect(result.readingCount).toBe(1);
    expect(result.meanMgDl).toBe(154);
    expect(result.sdMgDl).toBeNull();
    expect(result.cvPercent).toBeNull();
    expect(result.gmiPercent).toBeCloseTo(6.99368, 10);
    expect(result.timeInRanges?.targetPercent).toBe(100);
    expect(result.sufficiency.daysWithData).toBe(1);
  });

  it('substitutes the threshold for all-Low readings', () => {
    // Three Lows at 40 mg/dL: mean 40, SD 0, CV 0, GMI = 3.31 + 0.02392 × 40 = 4.2668.
    const samples = [0, 1, 2].map((index) =>
      outOfRangeSample(FROM_MS + index * 5 * MINUTE_MS, 'low', 40),
    );
    const result = computeGlucoseStatistics(samples, FOURTEEN_DAYS);

    expect(result.readingCount).toBe(3);
    expect(result.outOfRangeCount).toEqual({ low: 3, high: 0 });
    expect(result.meanMgDl).toBe(40);
    expect(result.sdMgDl).toBe(0);
    expect(result.cvPercent).toBe(0);
    expect(result.gmiPercent).toBeCloseTo(4.2668, 10);
    expect(result.timeInRanges?.veryLowPercent).toBe(100);
    expect(result.timeInRanges?.below70Percent).toBe(100);
    expect(result.timeInRanges?.targetPercent).toBe(0);
  });

  it('substitutes thresholds and defaults', () => {
    // Low at threshold 39 (Dexcom Share), High without threshold (default 400), and 100:
    // mean = (39 + 400 + 100) / 3 = 179.666667.
    const samples: GlucoseSample[] = [
      outOfRangeSample(FROM_MS, 'low', 39),
      outOfRangeSample(FROM_MS + 5 * MINUTE_MS, 'high', null),
      { timeMs: FROM_MS + 10 * MINUTE_MS, valueMgDl: 100, outOfRange: null, thresholdMgDl: null },
    ];
    const result = computeGlucoseStatistics(samples, FOURTEEN_DAYS);

    expect(result.outOfRangeCount).toEqual({ low: 1, high: 1 });
    expect(result.meanMgDl).toBeCloseTo(179.666667, 5);
    expect(result.timeInRanges?.veryLowPercent).toBeCloseTo(100 / 3, 10);
    expect(result.timeInRanges?.veryHighPercent).toBeCloseTo(100 / 3, 10);
  });

  it('classifies fractional values at limits', () => {
    // Ten values, one per limit case, so each value adds 10% to its band:
    // very low 53.9; low 54, 69.99; target 70, 180; high 180.01, 250; very high 250.01, 400;
    // and 3.9 mmol/L = 70.260801 mg/dL is target.
    const values = [53.9, 54, 69.99, 70, 180, 180.01, 250, 250.01, 400, 3.9 * 18.01559];
    const result = computeGlucoseStatistics(samplesEvery(5, values), FOURTEEN_DAYS);

    expect(result.timeInRanges?.veryLowPercent).toBeCloseTo(10, 10);
    expect(result.timeInRanges?.lowPercent).toBeCloseTo(20, 10);
    expect(result.timeInRanges?.targetPercent).toBeCloseTo(30, 10);
    expect(result.timeInRanges?.highPercent).toBeCloseTo(20, 10);
    expect(result.timeInRanges?.veryHighPercent).toBeCloseTo(20, 10);
  });

  it('skips samples without glucose or outside the period', () => {
    const samples: GlucoseSample[] = [
      { timeMs: FROM_MS - 1, valueMgDl: 300, outOfRange: null, thresholdMgDl: null },
      { timeMs: FROM_MS, valueMgDl: 100, outOfRange: null, thresholdMgDl: null },
      { timeMs: FROM_MS + MINUTE_MS, valueMgDl: null, outOfRange: null, thresholdMgDl: null },
      {
        timeMs: FROM_MS + 2 * MINUTE_MS,
        valueMgDl: Number.NaN,
        outOfRange: null,
        thresholdMgDl: null,
      },
      { timeMs: Number.NaN, valueMgDl: 100, outOfRange: null, thresholdMgDl: null },
      { timeMs: FOURTEEN_DAYS.toMs - 1, valueMgDl: 200, outOfRange: null, thresholdMgDl: null },
      { timeMs: FOURTEEN_DAYS.toMs, valueMgDl: 300, outOfRange: null, thresholdMgDl: null },
    ];
    const result = computeGlucoseStatistics(samples, FOURTEEN_DAYS);

    expect(result.readingCount).toBe(2);
    expect(result.meanMgDl).toBe(150);
    // The reading at FROM_MS falls on UTC day 0 and the one at toMs - 1 on day 13.
    expect(result.sufficiency.daysWithData).toBe(2);
  });

  it('rejects an empty period and a zero interval', () => {
    expect(() =>
      computeGlucoseStatistics([], { fromMs: FROM_MS, toMs: FROM_MS, sampleIntervalMinutes: 5 }),
    ).toThrow(RangeError);
    expect(() =>
      computeGlucoseStatistics([], { ...FOURTEEN_DAYS, sampleIntervalMinutes: 0 }),
    ).toThrow(/sampleIntervalMinutes/);
  });
});

describe('computeGlucoseStatistics sufficiency', () => {
  it('accepts 70% of 5-minute readings over 14 days', () => {
    // 4032 expected; 70% is 2822.4, so 2823 readings suffice (70.01%) and 2822 do not.
    // 2823 readings every 5 minutes from midnight UTC span 14110 minutes, on days 0..9.
    const enough = samplesEvery(5, new Array<number>(2823).fill(120));
    const result = computeGlucoseStatistics(enough, FOURTEEN_DAYS);

    expect(result.sufficiency.expectedReadings).toBe(4032);
    expect(result.sufficiency.presentPercent).toBeCloseTo((100 * 2823) / 4032, 10);
    expect(result.sufficiency.daysWithData).toBe(10);
    expect(result.sufficiency.sufficient).toBe(true);

    const short = computeGlucoseStatistics(enough.slice(1), FOURTEEN_DAYS);
    expect(short.sufficiency.sufficient).toBe(false);
  });

  it('accepts 70% of 15-minute readings over 14 days', () => {
    // 14 days × 96 = 1344 expected; 941 readings are 70.01% and 940 are 69.94%.
    const options = { ...FOURTEEN_DAYS, sampleIntervalMinutes: 15 };
    const enough = samplesEvery(15, new Array<number>(941).fill(120));

    expect(computeGlucoseStatistics(enough, options).sufficiency.expectedReadings).toBe(1344);
    expect(computeGlucoseStatistics(enough, options).sufficiency.sufficient).toBe(true);
    expect(computeGlucoseStatistics(enough.slice(1), options).sufficiency.sufficient).toBe(false);
  });

  it('rejects a full period shorter than 14 days', () => {
    // 13 days of 5-minute readings: 3744 of 3744 present, but 13 < 14 days.
    const options = { ...FOURTEEN_DAYS, toMs: FROM_MS + 13 * DAY_MS };
    const result = computeGlucoseStatistics(
      samplesEvery(5, new Array<number>(3744).fill(120)),
      options,
    );

    expect(result.sufficiency.periodDays).toBe(13);
    expect(result.sufficiency.presentPercent).toBe(100);
    expect(result.sufficiency.daysWithData).toBe(13);
    expect(result.sufficiency.sufficient).toBe(false);
  });

  it('caps the present share at 100', () => {
    // Readings every minute against a 5-minute interval: 5 times the expected count.
    const options = { ...FOURTEEN_DAYS, toMs: FROM_MS + 10 * MINUTE_MS };
    const result = computeGlucoseStatistics(
      samplesEvery(1, new Array<number>(10).fill(120)),
      options,
    );

    expect(result.sufficiency.expectedReadings).toBe(2);
    expect(result.sufficiency.presentPercent).toBe(100);
  });
});
