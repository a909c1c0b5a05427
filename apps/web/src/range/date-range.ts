import { addDaysToIsoDate, MS_PER_DAY, startOfZonedDateMs } from '../time/time-zone.ts';

/** Lengths in days offered by the range chooser, each ending at the last reading. */
export const PRESET_RANGE_DAYS = [1, 3, 7, 14] as const;

/** One of `PRESET_RANGE_DAYS`. */
export type PresetRangeDays = (typeof PRESET_RANGE_DAYS)[number];

/** Default range: the 14 days a consensus report needs (Battelino et al., Diabetes Care 2019). */
export const DEFAULT_RANGE_DAYS: PresetRangeDays = 14;

/**
 * A range chosen by the user: a preset length ending at the last reading, or whole calendar
 * days in the patient's time zone, `fromDate` to `toDate` inclusive (`YYYY-MM-DD`).
 */
export type RangeSelection =
  { kind: 'preset'; days: PresetRangeDays } | { kind: 'custom'; fromDate: string; toDate: string };

/** A period as UTC epoch ms, `fromMs` inclusive and `toMs` exclusive, like the API's. */
export interface TimePeriod {
  fromMs: number;
  toMs: number;
}

/**
 * Computes the period of `days` days that ends just after the last reading, so the API's
 * exclusive `to` still includes that reading. Demo data can be years old, so the period never
 * ends at the current time. Throws a RangeError when `lastReadingTime` is not an ISO instant.
 */
export function presetPeriod(lastReadingTime: string, days: number): TimePeriod {
  const lastMs = Date.parse(lastReadingTime);
  if (Number.isNaN(lastMs)) {
    throw new RangeError(`Invalid lastReadingTime "${lastReadingTime}": expected an ISO instant.`);
  }
  const toMs = lastMs + 1;
  return { fromMs: toMs - days * MS_PER_DAY, toMs };
}

/**
 * Computes the period from the start of `fromDate` to the end of `toDate` in `timeZone`. Throws a
 * RangeError for a malformed date or when `toDate` is before `fromDate`.
 */
export function customPeriod(timeZone: string, fromDate: string, toDate: string): TimePeriod {
  if (toDate < fromDate) {
    throw new RangeError(
      `Invalid range: the end date ${toDate} is before the start date ${fromDate}.`,
    );
  }
  return {
    fromMs: startOfZonedDateMs(timeZone, fromDate),
    toMs: startOfZonedDateMs(timeZone, addDaysToIsoDate(toDate, 1)),
  };
}

/** Resolves a selection to its period, for a patient whose last reading is at `lastReadingTime`. */
export function selectionPeriod(
  selection: RangeSelection,
  timeZone: string,
  lastReadingTime: string,
): TimePeriod {
  if (selection.kind === 'preset') {
    return presetPeriod(lastReadingTime, selection.days);
  }
  return customPeriod(timeZone, selection.fromDate, selection.toDate);
}
