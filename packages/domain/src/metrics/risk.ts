import { glucoseValueForAverages, type GlucoseSample } from './glucose-sample.ts';
import { createLocalClock } from './local-clock.ts';

/** Kovatchev's risk scale 10 × 1.509² = 22.77081, the default of the risk functions. */
export const KOVATCHEV_RISK_SCALE = 10 * 1.509 ** 2;

/** The rounded scale 22.77 that the R package iglu uses; pass it to reproduce iglu's values. */
export const IGLU_RISK_SCALE = 22.77;

/** Options of the risk functions. */
export interface RiskOptions {
  /** Factor in r = scale × ((ln g)^1.084 − 5.381)²; `KOVATCHEV_RISK_SCALE` by default. */
  riskScale?: number;
}

/** Low and high blood glucose indices, dimensionless. */
export interface GlucoseRiskIndices {
  /** Low blood glucose index: sum of r over readings with f < 0, divided by all readings. */
  lbgi: number;
  /** High blood glucose index: sum of r over readings with f > 0, divided by all readings. */
  hbgi: number;
  readingCount: number;
}

/**
 * Splits the Kovatchev risk of one glucose value in mg/dL into its low and high parts.
 * f = (ln g)^1.084 − 5.381 is below 0 under about 112.5 mg/dL; r = scale × f² is the low risk
 * when f < 0 and the high risk when f > 0 (Kovatchev et al., "Symmetrization of the blood
 * glucose measurement scale and its applications", Diabetes Care 1997).
 */
export function glucoseRisk(
  valueMgDl: number,
  riskScale = KOVATCHEV_RISK_SCALE,
): { low: number; high: number } {
  const f = Math.log(valueMgDl) ** 1.084 - 5.381;
  const risk = riskScale * f * f;
  return f < 0 ? { low: risk, high: 0 } : { low: 0, high: risk };
}

/**
 * Computes LBGI and HBGI (Kovatchev et al.) over all usable readings; `Low` and `High` count as
 * their device threshold, as in the mean. Returns null without readings.
 */
export function computeGlucoseRiskIndices(
  samples: readonly GlucoseSample[],
  options: RiskOptions = {},
): GlucoseRiskIndices | null {
  let lowSum = 0;
  let highSum = 0;
  let readingCount = 0;

  for (const sample of samples) {
    const value = glucoseValueForAverages(sample);
    if (value === null) {
      continue;
    }
    const risk = glucoseRisk(value, options.riskScale);
    lowSum += risk.low;
    highSum += risk.high;
    readingCount += 1;
  }

  if (readingCount === 0) {
    return null;
  }
  return { lbgi: lowSum / readingCount, hbgi: highSum / readingCount, readingCount };
}

/** Options of `computeAdrr`. */
export interface AdrrOptions extends RiskOptions {
  /** IANA zone whose local calendar days split the readings, for example `Europe/Berlin`. */
  timezone: string;
  /** Days with fewer readings are left out; 1 by default. Kovatchev's SMBG method used 3. */
  minReadingsPerDay?: number;
}

/** Average daily risk range with the number of days it averages. */
export interface AverageDailyRiskRange {
  adrr: number;
  dayCount: number;
}

/**
 * Computes the average daily risk range (Kovatchev et al., "Evaluation of a new measure of
 * blood glucose variability in diabetes", Diabetes Care 2006): the mean over local calendar
 * days of (maximum low risk + maximum high risk) of the day, with r from `glucoseRisk`.
 * `Low` and `High` count as their device threshold. Returns null when no day qualifies.
 * Throws `InvalidTimeZoneError` for an unknown zone.
 */
export function computeAdrr(
  samples: readonly GlucoseSample[],
  options: AdrrOptions,
): AverageDailyRiskRange | null {
  const clock = createLocalClock(options.timezone);
  const days = new Map<string, { maxLow: number; maxHigh: number; count: number }>();

  for (const sample of samples) {
    const value = glucoseValueForAverages(sample);
    if (value === null) {
      continue;
    }
    const dateKey = clock(sample.timeMs).dateKey;
    const risk = glucoseRisk(value, options.riskScale);
    const day = days.get(dateKey) ?? { maxLow: 0, maxHigh: 0, count: 0 };
    day.maxLow = Math.max(day.maxLow, risk.low);
    day.maxHigh = Math.max(day.maxHigh, risk.high);
    day.count += 1;
    days.set(dateKey, day);
  }

  const minReadings = options.minReadingsPerDay ?? 1;
  let sum = 0;
  let dayCount = 0;
  for (const day of days.values()) {
    if (day.count >= minReadings) {
      sum += day.maxLow + day.maxHigh;
      dayCount += 1;
    }
  }
  return dayCount === 0 ? null : { adrr: sum / dayCount, dayCount };
}
