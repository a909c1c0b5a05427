import { customPeriod, type TimePeriod } from '../range/date-range.ts';
import { addDaysToIsoDate, zonedIsoDate } from '../time/time-zone.ts';

/** Lengths in days that a report period may have; the consensus report covers 14. */
export const REPORT_LENGTHS = [7, 14, 30, 90] as const;

/** Default report length in days (Battelino et al., Diabetes Care 2019). */
export const DEFAULT_REPORT_DAYS = 14;

/**
 * A report period as whole local days of the patient: `days` days ending with `lastDate`
 * (`YYYY-MM-DD`, inclusive).
 */
export interface ReportPeriodChoice {
  lastDate: string;
  days: number;
}

/**
 * Returns the default report period: 14 local days ending with the day of the last reading,
 * so the report has 14 whole daily profiles. `periodsBack` moves it back by whole periods (1
 * gives the 14 days before, for comparisons). Throws a RangeError for a malformed instant.
 */
export function defaultReportPeriod(
  timeZone: string,
  lastReadingTime: string,
  periodsBack = 0,
  days = DEFAULT_REPORT_DAYS,
): ReportPeriodChoice {
  const lastMs = Date.parse(lastReadingTime);
  if (Number.isNaN(lastMs)) {
    throw new RangeError(`Invalid lastReadingTime "${lastReadingTime}": expected an ISO instant.`);
  }
  const lastDate = addDaysToIsoDate(zonedIsoDate(timeZone, lastMs), -periodsBack * days);
  return { lastDate, days };
}

/** Returns the first local date of a report period (`YYYY-MM-DD`). */
export function firstReportDate(choice: ReportPeriodChoice): string {
  return addDaysToIsoDate(choice.lastDate, -(choice.days - 1));
}

/**
 * Resolves a report period to UTC instants: from the start of its first local day to the end
 * of `lastDate` in `timeZone`. Days with a clock change are 23 or 25 hours long.
 */
export function reportTimePeriod(timeZone: string, choice: ReportPeriodChoice): TimePeriod {
  return customPeriod(timeZone, firstReportDate(choice), choice.lastDate);
}
