import {
  formatLocalDateTime,
  PLAUSIBILITY,
  timeZoneOffsetMinutes,
  type BaseRecord,
} from '@phoenix/domain';

/**
 * Date and time handling for Nightscout documents. Instants are UTC milliseconds since the Unix
 * epoch; Loop writes them with a fractional part (`1778284500105.5488`), which is kept where the
 * document has it and truncated to whole milliseconds for the canonical `time`.
 */

const MS_PER_MINUTE = 60_000;
/** Largest instant a JavaScript `Date` can hold (ECMA-262 time value range). */
const MAX_TIME_MS = 8.64e15;

/**
 * ISO 8601 date-time with seconds optional, any number of fractional digits, and an offset of
 * `Z`, `±hh:mm`, `±hhmm` (xDrip+ writes `-0800`) or `±hh`. A space may stand for the `T`.
 */
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** An instant parsed from an ISO 8601 text. */
export interface ParsedTime {
  instantMs: number;
  /**
   * UTC offset the text carried, in minutes east of UTC (`-0800` gives -480). It is null for
   * `Z`, because uploaders write `Z` for UTC whatever the device's own zone is.
   */
  offsetMinutes: number | null;
}

/** Parses an ISO 8601 date-time with an offset; returns null for any other text. */
export function parseIsoTime(text: string): ParsedTime | null {
  const match = ISO_TIME.exec(text.trim());
  if (match === null) {
    return null;
  }
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as number[] as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(match[6] ?? '0');
  const millisecond = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (new Date(wallMs).getUTCDate() !== day) {
    return null;
  }
  const offsetMinutes = parseOffset(match[8] ?? 'Z');
  return { instantMs: wallMs - (offsetMinutes ?? 0) * MS_PER_MINUTE, offsetMinutes };
}

function parseOffset(text: string): number | null {
  if (text === 'Z') {
    return null;
  }
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes);
}

/**
 * Reads an epoch-milliseconds value: a number or a numeric string, fractional part kept.
 * Returns null unless it is a valid instant on or after 2000-01-01, the earliest the domain
 * accepts. A value in seconds falls before that date, so it is rejected.
 */
export function parseEpochMs(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    return null;
  }
  if (number < PLAUSIBILITY.earliestTimeMs || number > MAX_TIME_MS) {
    return null;
  }
  return number;
}

/** Returns true for an instant the domain can hold: on or after 2000-01-01. */
export function isPlausibleInstant(instantMs: number): boolean {
  return instantMs >= PLAUSIBILITY.earliestTimeMs && instantMs <= MAX_TIME_MS;
}

/** The local-clock fields of a record. */
export type LocalClock = Pick<BaseRecord, 'deviceTime' | 'timezoneOffset' | 'timezone'>;

/**
 * Returns the device's wall clock at `instantMs`. The offset is `textOffset` (the numeric
 * offset of a time text such as `dateString`) when it is plausible, else the document's
 * `utcOffset` in minutes when that is plausible, else the offset of `zone`, the IANA zone of
 * the read options. Only the last case sets `timezone`.
 */
export function localClock(
  instantMs: number,
  textOffset: number | null,
  utcOffset: unknown,
  zone: string,
): LocalClock {
  const wholeMs = Math.floor(instantMs);
  let offset: number | undefined;
  if (isPlausibleOffset(textOffset)) {
    offset = textOffset;
  } else if (isPlausibleOffset(utcOffset)) {
    offset = utcOffset;
  }
  if (offset !== undefined) {
    return {
      deviceTime: formatLocalDateTime(wholeMs + offset * MS_PER_MINUTE),
      timezoneOffset: offset,
    };
  }
  const zoneOffset = timeZoneOffsetMinutes(zone, wholeMs);
  return {
    deviceTime: formatLocalDateTime(wholeMs + zoneOffset * MS_PER_MINUTE),
    timezoneOffset: zoneOffset,
    timezone: zone,
  };
}

/** Returns true for whole minutes within the UTC offsets in use, −12:00 to +14:00. */
export function isPlausibleOffset(value: unknown): value is number {
  const limits = PLAUSIBILITY.timezoneOffsetMinutes;
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= limits.min &&
    value <= limits.max
  );
}

/**
 * Formats an instant as local time with a numeric offset, `2024-03-10T01:55:00.000-08:00`,
 * the form the writer gives `dateString` when it has no text of the source's to keep.
 */
export function formatOffsetTime(instantMs: number, offsetMinutes: number): string {
  const wall = new Date(Math.floor(instantMs) + offsetMinutes * MS_PER_MINUTE).toISOString();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${wall.slice(0, 23)}${sign}${hours}:${minutes}`;
}
