import { describe, expect, it } from 'vitest';

import { computePregnancyTimeInRanges } from './pregnancy-ranges.ts';
import type { TimeInRanges } from './ranges.ts';
import { evaluateConsensusTargets, listMissedTargets } from './targets.ts';
import { samplesEvery } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);

// Very low 0.5, low 3, target 70, high 20, very high 6.5 (percent).
const BORDERLINE: TimeInRanges = {
  veryLowPercent: 0.5,
  lowPercent: 3,
  targetPercent: 70,
  highPercent: 20,
  veryHighPercent: 6.5,
  below70Percent: 3.5,
  above180Percent: 26.5,
};

describe('listMissedTargets', () => {
  it('lists adult targets missed', () => {
    // TIR 70 is not > 70; above 180 26.5 is not < 25; above 250 6.5 is not < 5.
    // Met: below 70 3.5 < 4, below 54 0.5 < 1, CV 36 <= 36.
    const missed = listMissedTargets('adultType1OrType2', {
      timeInRanges: BORDERLINE,
      cvPercent: 36,
    });

    expect(missed.map((entry) => entry.target.metric)).toEqual([
      'targetPercent',
      'above180Percent',
      'above250Percent',
    ]);
    expect(missed[0]?.actualPercent).toBe(70);
  });

  it('lists older or high-risk targets missed', () => {
    // TIR 70 > 50 met; below 70 3.5 is not < 1; above 250 6.5 < 10 met.
    const missed = listMissedTargets('olderOrHighRisk', {
      timeInRanges: BORDERLINE,
      cvPercent: 50,
    });

    expect(missed.map((entry) => entry.target.metric)).toEqual(['below70Percent']);
  });

  it('lists pregnancy targets missed', () => {
    // Ten readings: below 54: 50 (10%); below 63: 50, 60, 62.9 (30%);
    // 63..140: 63, 100, 120, 139, 140 (50%); above 140: 141, 200 (20%).
    // Missed: 63–140 50 <= 70, below 63 30 >= 4, below 54 10 >= 1. Met: above 140 20 < 25.
    const values = [50, 60, 62.9, 63, 100, 120, 139, 140, 141, 200];
    const pregnancy = computePregnancyTimeInRanges(samplesEvery(T0, 5, values));

    expect(pregnancy).toEqual({
      below54Percent: 10,
      below63Percent: 30,
      targetPercent: 50,
      above140Percent: 20,
    });
    const missed = listMissedTargets('pregnancyType1', {
      timeInRanges: null,
      cvPercent: null,
      pregnancyTimeInRanges: pregnancy,
    });
    expect(missed.map((entry) => entry.target.metric)).toEqual([
      'pregnancyTargetPercent',
      'pregnancyBelow63Percent',
      'below54Percent',
    ]);
  });

  it('skips targets without data', () => {
    expect(listMissedTargets('adultType1OrType2', { timeInRanges: null, cvPercent: null })).toEqual(
      [],
    );
  });
});

describe('evaluateConsensusTargets', () => {
  it('marks missing metrics unknown', () => {
    const evaluations = evaluateConsensusTargets('adultType1OrType2', {
      timeInRanges: null,
      cvPercent: null,
    });

    expect(evaluations).toHaveLength(6);
    expect(evaluations.every((entry) => entry.status === 'unknown')).toBe(true);
  });

  it('marks a good profile met', () => {
    const good: TimeInRanges = {
      veryLowPercent: 0.5,
      lowPercent: 2,
      targetPercent: 80,
      highPercent: 15,
      veryHighPercent: 2.5,
      below70Percent: 2.5,
      above180Percent: 17.5,
    };
    const evaluations = evaluateConsensusTargets('adultType1OrType2', {
      timeInRanges: good,
      cvPercent: 30,
    });

    expect(evaluations.map((entry) => entry.status)).toEqual(new Array(6).fill('met'));
  });
});

describe('computePregnancyTimeInRanges', () => {
  it('applies mmol/L limits', () => {
    // 7.8 mmol/L = 140.52 mg/dL: above 140 with mg/dL limits, in 3.5–7.8 with mmol/L limits.
    const samples = samplesEvery(T0, 5, [7.8 * 18.01559]);

    expect(computePregnancyTimeInRanges(samples)?.above140Percent).toBe(100);
    expect(computePregnancyTimeInRanges(samples, 'mmol/L')?.targetPercent).toBe(100);
  });

  it('returns null without readings', () => {
    expect(computePregnancyTimeInRanges([])).toBeNull();
  });
});
