import { assertTimeZone, timeZoneOffsetMinutes } from '../time.ts';
import { MS_PER_DAY, MS_PER_MINUTE } from './period.ts';

/** Position of an instant on the patient's local clock. */
export interface LocalClockReading {
  /** Local calendar date, `YYYY-MM-DD`. */
  dateKey: string;
  /** Minutes since local midnight as the wall clock shows them, 0 <= m < 1440 (fractional). */
  minuteOfDay: number;
  /** Local hour, 0..23. */
  hour: number;
}

/** Converts UTC epoch ms to the local clock of one zone. */
export type LocalClock = (timeMs: number) => LocalClockReading;

const OFFSET_CACHE_BUCKET_MS = 15 * MS_PER_MINUTE;

/**
 * Creates a converter from UTC instants to the wall clock of an IANA zone, through `Intl`.
 * On the autumn change the repeated hour maps twice onto the same minutes of day, and the
 * skipped spring hour never appears.
 *
 * Offsets are cached per 15-minute UTC bucket. NOTE: this is exact while zone transitions fall
 * on quarter hours of UTC, as they do under current zone rules. A historical offset that was
 * not a whole number of quarter hours can shift readings near its transition.
 *
 * Throws `InvalidTimeZoneError` for an unknown zone.
 */
export function createLocalClock(timeZone: string): LocalClock {
  assertTimeZone(timeZone);
  const offsetByBucket = new Map<number, number>();

  return (timeMs: number): LocalClockReading => {
    const bucket = Math.floor(timeMs / OFFSET_CACHE_BUCKET_MS);
    let offsetMinutes = offsetByBucket.get(bucket);
    if (offsetMinutes === undefined) {
      offsetMinutes = timeZoneOffsetMinutes(timeZone, bucket * OFFSET_CACHE_BUCKET_MS);
      offsetByBucket.set(bucket, offsetMinutes);
    }

    const wallMs = timeMs + offsetMinutes * MS_PER_MINUTE;
    const localMidnightMs = Math.floor(wallMs / MS_PER_DAY) * MS_PER_DAY;
    const minuteOfDay = (wallMs - localMidnightMs) / MS_PER_MINUTE;
    return {
      dateKey: new Date(localMidnightMs).toISOString().slice(0, 10),
      minuteOfDay,
      hour: Math.floor(minuteOfDay / 60),
    };
  };
}

/**
 * Lists the local dates (`YYYY-MM-DD`) from the one containing `fromMs` to the one containing
 * `toMs - 1`, inclusive, in the given clock's zone.
 */
export function listLocalDates(clock: LocalClock, fromMs: number, toMs: number): string[] {
  const first = clock(fromMs).dateKey;
  const last = clock(toMs - 1).dateKey;
  const dates: string[] = [];

  let dayMs = Date.parse(`${first}T00:00:00Z`);
  const lastMs = Date.parse(`${last}T00:00:00Z`);
  while (dayMs <= lastMs) {
    dates.push(new Date(dayMs).toISOString().slice(0, 10));
    dayMs += MS_PER_DAY;
  }
  return dates;
}
