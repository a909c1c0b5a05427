import { computeAgp, type AmbulatoryGlucoseProfile } from './agp.ts';
import { computeDailyProfiles, type DailyProfile } from './daily-profiles.ts';
import { summarizeEpisodes, type EpisodeSummary } from './episode-summary.ts';
import type { EpisodeKind } from './episodes.ts';
import { estimatedA1cPercentFromMeanMgDl } from './glucose-indicators.ts';
import type { GlucoseSample } from './glucose-sample.ts';
import { computeGlycemiaRiskIndex, type GlycemiaRiskIndex } from './gri.ts';
import { computeMage } from './mage.ts';
import { computePregnancyTimeInRanges, type PregnancyTimeInRanges } from './pregnancy-ranges.ts';
import type { TimeInRanges } from './ranges.ts';
import {
  computeAdrr,
  computeGlucoseRiskIndices,
  type AverageDailyRiskRange,
  type GlucoseRiskIndices,
} from './risk.ts';
import { computeGlucoseStatistics, type GlucoseStatistics } from './statistics.ts';
import {
  evaluateConsensusTargets,
  type ConsensusPopulation,
  type TargetEvaluation,
} from './targets.ts';
import { computeCgmActivePercent, computeTimeWeightedTimeInRanges } from './time-weighted.ts';
import { computeConga, computeJIndex, computeModd } from './variability.ts';

/** Options of `computeCgmReport`. */
export interface CgmReportOptions {
  /** Start of the period, UTC epoch ms, inclusive. */
  fromMs: number;
  /** End of the period, UTC epoch ms, exclusive. */
  toMs: number;
  /** IANA zone of the patient, for the AGP, daily profiles, ADRR and night-time episodes. */
  timezone: string;
  /** The device's reading interval in minutes: 5 for Dexcom, 15 for Libre 2 historic data. */
  sampleIntervalMinutes: number;
  /** Population whose consensus targets are checked; adults with type 1 or 2 by default. */
  population?: ConsensusPopulation;
}

/** Every CGM metric of one device over one period, in mg/dL where a value has a unit. */
export interface CgmReport {
  statistics: GlucoseStatistics;
  /** eA1c (ADAG), kept apart from GMI because the two estimate different things. */
  estimatedA1cPercent: number | null;
  /** Time in ranges with each reading weighted by its interval, capped at the device's. */
  timeWeightedTimeInRanges: TimeInRanges | null;
  cgmActivePercent: number;
  pregnancyTimeInRanges: PregnancyTimeInRanges | null;
  population: ConsensusPopulation;
  targets: TargetEvaluation[];
  gri: GlycemiaRiskIndex | null;
  risk: GlucoseRiskIndices | null;
  adrr: AverageDailyRiskRange | null;
  jIndex: number | null;
  mageMgDl: number | null;
  moddMgDl: number | null;
  conga1MgDl: number | null;
  episodes: Record<EpisodeKind, Omit<EpisodeSummary, 'episodes'>>;
  agp: AmbulatoryGlucoseProfile;
  dailyProfiles: DailyProfile[];
}

/**
 * Compute every CGM metric of one device's readings over a period: the consensus statistics
 * and targets, GRI, LBGI/HBGI, ADRR, J-index, MAGE, MODD, CONGA(1), episodes, the AGP and the
 * daily profiles. Each metric follows the definition documented on its own function, including
 * how it treats `Low`/`High` readings and missing data. Throws a RangeError for an invalid
 * period or interval and `InvalidTimeZoneError` for an unknown zone.
 */
export function computeCgmReport(
  samples: readonly GlucoseSample[],
  options: CgmReportOptions,
): CgmReport {
  const period = { fromMs: options.fromMs, toMs: options.toMs };
  const inPeriod = samples.filter((s) => s.timeMs >= options.fromMs && s.timeMs < options.toMs);
  const statistics = computeGlucoseStatistics(inPeriod, {
    ...period,
    sampleIntervalMinutes: options.sampleIntervalMinutes,
    timezone: options.timezone,
  });
  const population = options.population ?? 'adultType1OrType2';
  const pregnancyTimeInRanges = computePregnancyTimeInRanges(inPeriod);
  const risk = computeGlucoseRiskIndices(inPeriod);

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
    risk,
    adrr: computeAdrr(inPeriod, { timezone: options.timezone }),
    jIndex: computeJIndex(inPeriod),
    mageMgDl: computeMage(inPeriod).mageMgDl,
    moddMgDl: computeModd(inPeriod),
    conga1MgDl: computeConga(inPeriod, 1),
    episodes: episodeCounts,
    agp: computeAgp(inPeriod, { ...period, timezone: options.timezone }),
    dailyProfiles: computeDailyProfiles(inPeriod, { ...period, timezone: options.timezone }),
  };
}
