import {
  computeAgp,
  computeCgmReport,
  computeGlucoseStatistics,
  type GlucoseSample,
} from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { buildCgmReport } from './cgm-report.ts';

const START_MS = Date.UTC(2024, 2, 29);
const OPTIONS = {
  fromMs: START_MS,
  toMs: START_MS + 3 * 86_400_000,
  timezone: 'Europe/Helsinki',
  sampleIntervalMinutes: 5,
};

/**
 * Three days every 5 minutes across the EU switch to summer time (31 March): a daily swing
 * from 50 to 290 mg/dL, a Low every 101st reading, a High every 103rd and a 2-hour gap.
 */
function samples(): GlucoseSample[] {
  const result: GlucoseSample[] = [];
  for (let index = 0; index < 3 * 288; index += 1) {
    if (index >= 400 && index < 424) continue;
    const timeMs = START_MS + index * 300_000;
    if (index % 101 === 100) {
      result.push({ timeMs, valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 });
    } else if (index % 103 === 102) {
      result.push({ timeMs, valueMgDl: null, outOfRange: 'high', thresholdMgDl: 400 });
    } else {
      const valueMgDl = 170 + Math.round(120 * Math.sin((2 * Math.PI * index) / 288));
      result.push({ timeMs, valueMgDl, outOfRange: null, thresholdMgDl: null });
    }
  }
  return result;
}

describe('buildCgmReport', () => {
  it('equals computeCgmReport given its statistics and AGP', () => {
    const readings = samples();
    const statistics = computeGlucoseStatistics(readings, OPTIONS);
    const agp = computeAgp(readings, OPTIONS);

    const built = buildCgmReport(readings, { statistics, agp }, OPTIONS);

    expect(built).toEqual(computeCgmReport(readings, OPTIONS));
  });

  it('derives eA1c, GRI and targets from the statistics given', () => {
    const readings = samples();
    const computed = computeGlucoseStatistics(readings, OPTIONS);
    // Statistics as if every reading were 120 mg/dL: all in range, SD 0.
    const statistics = {
      ...computed,
      meanMgDl: 120,
      sdMgDl: 0,
      cvPercent: 0,
      timeInRanges: {
        veryLowPercent: 0,
        lowPercent: 0,
        targetPercent: 100,
        highPercent: 0,
        veryHighPercent: 0,
        below70Percent: 0,
        above180Percent: 0,
      },
    };

    const built = buildCgmReport(
      readings,
      { statistics, agp: computeAgp(readings, OPTIONS) },
      OPTIONS,
    );

    expect(built.statistics).toBe(statistics);
    // eA1c (ADAG) = (46.7 + 120) / 28.7.
    expect(built.estimatedA1cPercent).toBeCloseTo(166.7 / 28.7, 12);
    // GRI = 3.0 × VLow + 2.4 × Low + 1.6 × VHigh + 0.8 × High = 0 with every reading in range.
    expect(built.gri?.gri).toBe(0);
    expect(built.targets.length).toBeGreaterThan(0);
    for (const evaluation of built.targets) {
      expect(evaluation.status, evaluation.target.metric).toBe('met');
    }
  });
});
