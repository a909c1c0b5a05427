import {
  glucoseValueForAverages,
  sortUsableSamples,
  type GlucoseSample,
} from './glucose-sample.ts';
import { createLocalClock, listLocalDates } from './local-clock.ts';
import { usableSamplesInPeriod, validatePeriod, type ReportPeriod } from './period.ts';

/** One reading placed on its local day. */
export interface DailyProfilePoint {
  /** UTC epoch ms. */
  timeMs: number;
  /** Local wall-clock minutes since midnight (fractional); repeats in the autumn hour. */
  minuteOfDay: number;
  /** Glucose in mg/dL; `Low` and `High` readings carry their device threshold. */
  valueMgDl: number;
  outOfRange: 'low' | 'high' | null;
}

/** The readings of one local calendar day, in time order. */
export interface DailyProfile {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  points: DailyProfilePoint[];
}

/**
 * Splits the readings in `fromMs <= timeMs < toMs` into local calendar days of the patient's
 * IANA zone, for the AGP report's daily glucose profiles. Every local date the period touches
 * is listed, days without readings with an empty `points`. A daylight-saving day contains 23
 * or 25 hours of readings. Throws a RangeError for an invalid period and `InvalidTimeZoneError`
 * for an unknown zone.
 */
export function computeDailyProfiles(
  samples: readonly GlucoseSample[],
  options: ReportPeriod & { timezone: string },
): DailyProfile[] {
  validatePeriod(options);
  const clock = createLocalClock(options.timezone);
  const profiles = listLocalDates(clock, options.fromMs, options.toMs).map((date) => ({
    date,
    points: [] as DailyProfilePoint[],
  }));
  const byDate = new Map(profiles.map((profile) => [profile.date, profile]));

  for (const sample of sortUsableSamples(usableSamplesInPeriod(samples, options))) {
    const local = clock(sample.timeMs);
    byDate.get(local.dateKey)?.points.push({
      timeMs: sample.timeMs,
      minuteOfDay: local.minuteOfDay,
      valueMgDl: glucoseValueForAverages(sample) as number,
      outOfRange: sample.outOfRange,
    });
  }
  return profiles;
}
