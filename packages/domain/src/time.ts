/**
 * Time-zone helpers built on `Intl` alone.
 *
 * Instants are UTC milliseconds since the Unix epoch. Local wall-clock times are strings of the
 * form `YYYY-MM-DDTHH:mm:ss` without an offset, and zones are IANA names such as
 * `Europe/Helsinki`.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Cached hours per zone before the cache is cleared: about 11 years. */
const MAX_CACHED_HOURS = 100_000;

const ZONE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

/** Error raised for a time-zone name that is not a known IANA zone. */
export class InvalidTimeZoneError extends Error {
  constructor(readonly zone: string) {
    super(
      `Invalid time zone "${zone}": expected an IANA zone name such as "Europe/Helsinki" or "UTC".`,
    );
    this.name = 'InvalidTimeZoneError';
  }
}

/** Returns true when `zone` is an IANA zone name that this runtime's `Intl` supports. */
export function isValidTimeZone(zone: string): boolean {
  if (!ZONE_NAME_PATTERN.test(zone)) {
    return false;
  }
  try {
    getFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Throws `InvalidTimeZoneError` unless `zone` is a known IANA zone name. */
export function assertTimeZone(zone: string): void {
  if (!isValidTimeZone(zone)) {
    throw new InvalidTimeZoneError(zone);
  }
}

function getFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Returns the offset of `zone` from UTC at the instant `utcMs`, in minutes (local minus UTC:
 * +180 for Helsinki in summer, -300 for New York in winter).
 *
 * Results are cached per zone and UTC hour when the offset is the same at both ends of the
 * hour, which assumes no zone changes its offset twice within one hour.
 *
 * @throws InvalidTimeZoneError for an unknown zone.
 */
export function timeZoneOffsetMinutes(zone: string, utcMs: number): number {
  assertTimeZone(zone);
  let zoneCache = offsetCache.get(zone);
  if (zoneCache === undefined || zoneCache.size > MAX_CACHED_HOURS) {
    zoneCache = new Map();
    offsetCache.set(zone, zoneCache);
  }

  const hour = Math.floor(utcMs / MS_PER_HOUR);
  const cached = zoneCache.get(hour);
  if (cached !== undefined) {
    return cached;
  }
  const atStart = computeOffsetMinutes(zone, hour * MS_PER_HOUR);
  const atEnd = computeOffsetMinutes(zone, (hour + 1) * MS_PER_HOUR - 1000);
  if (atStart === atEnd) {
    zoneCache.set(hour, atStart);
    return atStart;
  }
  return computeOffsetMinutes(zone, utcMs);
}

function computeOffsetMinutes(zone: string, utcMs: number): number {
  const wholeSecondMs = Math.floor(utcMs / 1000) * 1000;
  const parts = getFormatter(zone).formatToParts(new Date(wholeSecondMs));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value);

  let year = field('year');
  if (parts.find((part) => part.type === 'era')?.value === 'BC') {
    year = 1 - year;
  }
  const localMs = Date.UTC(
    year,
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return Math.round((localMs - wholeSecondMs) / MS_PER_MINUTE);
}

/**
 * Parses a local wall-clock time `YYYY-MM-DDTHH:mm:ss` into milliseconds as if it were UTC, or
 * returns null when the text is malformed or names a date that does not exist (2019-02-30).
 */
export function parseLocalDateTime(local: string): number | null {
  // Read character by character instead of with a regular expression, because uploads and
  // device exports parse one of these per record, which made the expression a hot spot.
  if (
    local.length !== 19 ||
    local.charCodeAt(4) !== DASH ||
    local.charCodeAt(7) !== DASH ||
    local.charCodeAt(10) !== LETTER_T ||
    local.charCodeAt(13) !== COLON ||
    local.charCodeAt(16) !== COLON
  ) {
    return null;
  }
  const year = digits(local, 0, 4);
  const month = digits(local, 5, 2);
  const day = digits(local, 8, 2);
  const hour = digits(local, 11, 2);
  const minute = digits(local, 14, 2);
  const second = digits(local, 17, 2);
  if (year < 0 || day < 0 || minute < 0 || second < 0) {
    return null;
  }
  if (month < 1 || month > 12 || hour < 0 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(wallMs).getUTCDate() !== day) {
    return null;
  }
  return wallMs;
}

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;

/**
 * Returns epoch ms of an ISO 8601 instant, as Date.parse does. The canonical form
 * `YYYY-MM-DDTHH:mm:ss.sssZ` with every field in range is computed from its digits, which is
 * several times faster. Any other text, such as an offset or a day past the month's end, goes
 * to Date.parse, so that its result stays exactly what it was.
 */
export function instantMillis(time: string): number {
  return canonicalInstantMillis(time) ?? Date.parse(time);
}

/**
 * Returns epoch ms of an instant in the canonical form `YYYY-MM-DDTHH:mm:ss.sssZ` with every
 * field in range, or null for any other text.
 */
export function canonicalInstantMillis(text: string): number | null {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== LETTER_T ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON ||
    text.charCodeAt(19) !== DOT ||
    text.charCodeAt(23) !== LETTER_Z
  ) {
    return null;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millisecond = digits(text, 20, 3);
  // A non-digit makes its field -1, which fails these range checks.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  if (second < 0 || second > 59 || millisecond < 0) return null;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond;
}

/** Reads `count` decimal digits at `start`; -1 when one of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const digit = text.charCodeAt(index) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, after the days_from_civil
 * algorithm of Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Kind of mapping from a local time onto UTC in a zone. */
export type LocalTimeKind = 'exact' | 'ambiguous' | 'nonexistent';

/** The UTC instants a local wall-clock time can stand for in a zone. */
export interface LocalTimeCandidates {
  /**
   * `exact`: one instant; `ambiguous`: two (the repeated autumn hour); `nonexistent`: none (the
   * spring gap).
   */
  kind: LocalTimeKind;
  /** Candidate instants in UTC milliseconds, earlier first: one, two or none. */
  candidatesMs: number[];
  /**
   * The instant to use when nothing else decides: the only candidate, the earlier of two, or for
   * a time in the spring gap the local time read with the offset in force before the gap.
   */
  instantMs: number;
}

/**
 * Returns the UTC instants that the local wall-clock time `local` (`YYYY-MM-DDTHH:mm:ss`) stands
 * for in `zone`.
 *
 * @throws InvalidTimeZoneError for an unknown zone; RangeError for a malformed local time.
 */
export function localTimeCandidates(local: string, zone: string): LocalTimeCandidates {
  const wallMs = parseLocalDateTime(local);
  if (wallMs === null) {
    throw new RangeError(`Invalid local time "${local}": expected YYYY-MM-DDTHH:mm:ss.`);
  }
  return wallTimeCandidates(wallMs, zone);
}

/**
 * Same as `localTimeCandidates` for a wall-clock time already parsed by `parseLocalDateTime`.
 *
 * @throws InvalidTimeZoneError for an unknown zone.
 */
export function wallTimeCandidates(wallMs: number, zone: string): LocalTimeCandidates {
  // Offsets in force a day either side cover every transition except two within one day,
  // which no zone in the IANA database has had since 1970.
  const offsetBefore = timeZoneOffsetMinutes(zone, wallMs - MS_PER_DAY);
  const offsetAfter = timeZoneOffsetMinutes(zone, wallMs + MS_PER_DAY);
  const offsets = new Set([offsetBefore, offsetAfter, timeZoneOffsetMinutes(zone, wallMs)]);

  const candidatesMs: number[] = [];
  for (const offset of offsets) {
    const instantMs = wallMs - offset * MS_PER_MINUTE;
    if (timeZoneOffsetMinutes(zone, instantMs) === offset && !candidatesMs.includes(instantMs)) {
      candidatesMs.push(instantMs);
    }
  }
  candidatesMs.sort((a, b) => a - b);

  const [first] = candidatesMs;
  if (first === undefined) {
    return { kind: 'nonexistent', candidatesMs, instantMs: wallMs - offsetBefore * MS_PER_MINUTE };
  }
  return { kind: candidatesMs.length > 1 ? 'ambiguous' : 'exact', candidatesMs, instantMs: first };
}

/** Formats a UTC instant in milliseconds as ISO 8601 with milliseconds and `Z`. */
export function formatUtcIso(utcMs: number): string {
  return new Date(utcMs).toISOString();
}

/** Formats milliseconds read as a wall-clock time as `YYYY-MM-DDTHH:mm:ss`. */
export function formatLocalDateTime(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}
