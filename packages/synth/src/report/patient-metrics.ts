import {
  computeGlucoseStatistics,
  computeGlycemiaRiskIndex,
  summarizeEpisodes,
  type GlucoseSample,
} from '@phoenix/domain';
import type { TargetMetric } from '../profiles/types.ts';

const MS_PER_DAY = 86_400_000;

/** Metrics of one patient over one window, computed with the domain's consensus metrics. */
export interface PatientMetrics extends Record<TargetMetric, number> {
  sdMgDl: number;
  /** Level 1 hypoglycemia episodes (below 70 mg/dL for 15 minutes) per week. */
  hypoEpisodesPerWeek: number;
  /** Level 2 hypoglycemia episodes (below 54 mg/dL) per week. */
  severeHypoEpisodesPerWeek: number;
  /** Level 1 hyperglycemia episodes (above 180 mg/dL for 15 minutes) per week. */
  hyperEpisodesPerWeek: number;
  /** Share of expected readings present, percent. */
  presentPercent: number;
}

/** Names of every metric of `PatientMetrics`, in report order. */
export const REPORT_METRICS: readonly (keyof PatientMetrics)[] = [
  'meanMgDl',
  'sdMgDl',
  'cvPercent',
  'gmiPercent',
  'tirPercent',
  'tbrPercent',
  'tbr54Percent',
  'tarPercent',
  'tar250Percent',
  'gri',
  'hypoEpisodesPerWeek',
  'severeHypoEpisodesPerWeek',
  'hyperEpisodesPerWeek',
  'presentPercent',
];

/**
 * Computes a patient's metrics for the readings in `fromMs <= t < toMs`: mean, SD, CV and GMI
 * (`computeGlucoseStatistics`), time in ranges, GRI (`computeGlycemiaRiskIndex`) and episodes
 * per week (`summarizeEpisodes`). Returns null when the window contains fewer than 2 readings.
 */
export function computePatientMetrics(
  samples: readonly GlucoseSample[],
  window: { fromMs: number; toMs: number; timezone: string; sampleIntervalMinutes: number },
): PatientMetrics | null {
  const statistics = computeGlucoseStatistics(samples, window);
  const ranges = statistics.timeInRanges;
  if (ranges === null || statistics.meanMgDl === null || statistics.sdMgDl === null) {
    return null;
  }
  const inWindow = samples.filter(
    (sample) => sample.timeMs >= window.fromMs && sample.timeMs < window.toMs,
  );
  const episodes = summarizeEpisodes(inWindow, {
    timezone: window.timezone,
    sampleIntervalMinutes: window.sampleIntervalMinutes,
  });
  const weeks = (window.toMs - window.fromMs) / (7 * MS_PER_DAY);
  return {
    meanMgDl: statistics.meanMgDl,
    sdMgDl: statistics.sdMgDl,
    cvPercent: statistics.cvPercent as number,
    gmiPercent: statistics.gmiPercent as number,
    tirPercent: ranges.targetPercent,
    tbrPercent: ranges.below70Percent,
    tbr54Percent: ranges.veryLowPercent,
    tarPercent: ranges.above180Percent,
    tar250Percent: ranges.veryHighPercent,
    gri: computeGlycemiaRiskIndex(ranges)?.gri ?? 0,
    hypoEpisodesPerWeek: episodes.hypoLevel1.count / weeks,
    severeHypoEpisodesPerWeek: episodes.hypoLevel2.count / weeks,
    hyperEpisodesPerWeek: episodes.hyperLevel1.count / weeks,
    presentPercent: statistics.sufficiency.presentPercent,
  };
}
