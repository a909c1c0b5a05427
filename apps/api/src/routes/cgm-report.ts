import {
  computeAdrr,
  computeCgmActivePercent,
  computeConga,
  computeDailyProfiles,
  computeGlucoseRiskIndices,
  computeGlycemiaRiskIndex,
  computeJIndex,
  computeMage,
  computeModd,
  computePregnancyTimeInRanges,
  computeTimeWeightedTimeInRanges,
  estimatedA1cPercentFromMeanMgDl,
  evaluateConsensusTargets,
  summarizeEpisodes,
  type AmbulatoryGlucoseProfile,
  type CgmReport,
  type CgmReportOptions,
  type GlucoseSample,
  type GlucoseStatistics,
} from '@phoenix/domain';

/** The parts of a report that the API reads from the storage aggregates. */
export interface AggregateReportParts {
  /** Consensus statistics of the period, with `daysWithData` in the patient's zone. */
  statistics: GlucoseStatistics;
  /** AGP with hourly bins of local time in the patient's zone. */
  agp: AmbulatoryGlucoseProfile;
}

/**
 * Build the report of `computeCgmReport` from the statistics and AGP given and the raw
 * readings for every other metric (risk indices, MAGE, MODD, CONGA, episodes, time-weighted
 * ranges, daily profiles). The statistics set the GMI-based fields, the GRI and the targets.
 * Given the statistics and AGP that `computeCgmReport` computes from the same readings, the
 * result equals its report. Glucose in mg/dL.
 */
export function buildCgmReport(
  samples: readonly GlucoseSample[],
  parts: AggregateReportParts,
  options: CgmReportOptions,
): CgmReport {
  const period = { fromMs: options.fromMs, toMs: options.toMs };
  const inPeriod = samples.filter((s) => s.timeMs >= options.fromMs && s.timeMs < options.toMs);
  const { statistics } = parts;
  const population = options.population ?? 'adultType1OrType2';
  const pregnancyTimeInRanges = computePregnancyTimeInRanges(inPeriod);
  const episodes = summarizeEpisodes(inPeriod, {
    timezone: options.timezone,
    sampleIntervalMinutes: options.sampleIntervalMinutes,
  });
  const episodeCounts = Object.fromEntries(
    Object.entries(episodes).map(([kind, summary]) => [
      kind,
      {
        count: summary.count,
        totalDurationMinutes: summary.totalDurationMinutes,
        meanDurationMinutes: summary.meanDurationMinutes,
        nightCount: summary.nightCount,
        nightPercent: summary.nightPercent,
      },
    ]),
  ) as CgmReport['episodes'];

  return {
    statistics,
    estimatedA1cPercent: estimatedA1cPercentFromMeanMgDl(statistics.meanMgDl),
    timeWeightedTimeInRanges: computeTimeWeightedTimeInRanges(inPeriod, {
      maxIntervalMinutes: options.sampleIntervalMinutes,
      toMs: options.toMs,
    }),
    cgmActivePercent: computeCgmActivePercent(inPeriod, {
      ...period,
      maxIntervalMinutes: options.sampleIntervalMinutes,
    }),
    pregnancyTimeInRanges,
    population,
    targets: evaluateConsensusTargets(population, {
      timeInRanges: statistics.timeInRanges,
      cvPercent: statistics.cvPercent,
      pregnancyTimeInRanges,
    }),
    gri: computeGlycemiaRiskIndex(statistics.timeInRanges),
    risk: computeGlucoseRiskIndices(inPeriod),
    adrr: computeAdrr(inPeriod, { timezone: options.timezone }),
    jIndex: computeJIndex(inPeriod),
    mageMgDl: computeMage(inPeriod).mageMgDl,
    moddMgDl: computeModd(inPeriod),
    conga1MgDl: computeConga(inPeriod, 1),
    episodes: episodeCounts,
    agp: parts.agp,
    dailyProfiles: computeDailyProfiles(inPeriod, { ...period, timezone: options.timezone }),
  };
}
