/** Milliseconds in a minute. */
export const MS_PER_MINUTE = 60_000;

/** Milliseconds in a day of 24 hours. */
export const MS_PER_DAY = 86_400_000;

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock fields of an instant in a time zone. `month` is 1..12. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(timeZone: string, instantMs: number): WallClock {
  const fields: Record<string, number> = {};
  for (const part of partFormatter(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') {
      fields[part.type] = Number(part.value);
    }
  }
  return {
    year: fields.year ?? NaN,
    month: fields.month ?? NaN,
    day: fields.day ?? NaN,
    hour: fields.hour ?? NaN,
    minute: fields.minute ?? NaN,
    second: fields.second ?? NaN,
  };
}

/**
 * Returns the offset of an IANA time zone from UTC at an instant, in ms (Europe/Helsinki in
 * winter: +7,200,000). It resolves whole seconds, which covers every offset in the time zone
 * database. Throws a RangeError for an unknown time zone name.
 */
export function timeZoneOffsetMs(timeZone: string, instantMs: number): number {
  const clock = wallClock(timeZone, instantMs);
  const wallAsUtcMs = Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
  );
  const wholeSecondMs = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return wallAsUtcMs - wholeSecondMs;
}

/**
 * Returns the UTC instant at which a calendar date (`YYYY-MM-DD`) begins in a time zone, in
 * epoch ms. Where clocks jump over midnight, the date begins at the jump. Assumes at most one
 * offset change within a day of that midnight. Throws a RangeError for a malformed date.
 */
export function startOfZonedDateMs(timeZone: string, isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) {
    throw new RangeError(`Invalid date "${isoDate}": use the form YYYY-MM-DD.`);
  }
  const wallMs = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const offsetBeforeMs = timeZoneOffsetMs(timeZone, wallMs - MS_PER_DAY);
  const offsetAfterMs = timeZoneOffsetMs(timeZone, wallMs + MS_PER_DAY);

  // When midnight occurs twice, the earlier instant begins the date.
  const candidates = [wallMs - offsetBeforeMs, wallMs - offsetAfterMs].sort((a, b) => a - b);
  for (const candidateMs of candidates) {
    if (candidateMs + timeZoneOffsetMs(timeZone, candidateMs) === wallMs) {
      return candidateMs;
    }
  }

  // Midnight does not exist (clocks went forward over it), so the date begins at the change,
  // which lies between the two candidates.
  return firstInstantWithOffset(timeZone, wallMs - offsetAfterMs, wallMs - offsetBeforeMs);
}

/**
 * Finds, to the second, the first instant in `(lowMs, highMs]` that has the offset of
 * `highMs`, given that `lowMs` has another offset.
 */
function firstInstantWithOffset(timeZone: string, lowMs: number, highMs: number): number {
  const targetOffsetMs = timeZoneOffsetMs(timeZone, highMs);
  let low = lowMs;
  let high = highMs;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (timeZoneOffsetMs(timeZone, middle) === targetOffsetMs) {
      high = middle;
    } else {
      low = middle;
    }
  }
  return high;
}

/** Returns the calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function zonedIsoDate(timeZone: string, instantMs: number): string {
  const clock = wallClock(timeZone, instantMs);
  const month = String(clock.month).padStart(2, '0');
  const day = String(clock.day).padStart(2, '0');
  return `${String(clock.year).padStart(4, '0')}-${month}-${day}`;
}

/** Adds whole days to a calendar date (`YYYY-MM-DD`), ignoring time zones. */
export function addDaysToIsoDate(isoDate: string, days: number): string {
  const dateMs = Date.parse(`${isoDate}T00:00:00Z`);
  return new Date(dateMs + days * MS_PER_DAY).toISOString().slice(0, 10);
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Formats an instant as date, time and zone abbreviation in a time zone, in British English
 * (for example "4 Mar 2019, 14:05 EET"). The abbreviation distinguishes the repeated hour when
 * clocks go back.
 */
export function formatZonedDateTime(timeZone: string, instantMs: number): string {
  let formatter = displayFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    displayFormatters.set(timeZone, formatter);
  }
  return formatter.format(instantMs);
}
