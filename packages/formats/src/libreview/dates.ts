/**
 * LibreView timestamps. LibreView writes the Device Timestamp in the date format of the account:
 * `MM-DD-YYYY HH:mm`, `MM-DD-YYYY hh:mm AM`, `DD-MM-YYYY HH:mm`, `DD-MM-YYYY hh:mm AM` or
 * `YYYY-MM-DD HH:mm`. A single `03-04-2021` can be either 3 April or 4 March, so the reader
 * decides the order once per file from a date whose first or second field is above 12.
 */

/** Order of day and month in `NN-NN-YYYY` timestamps. */
export type DateOrder = 'dayFirst' | 'monthFirst';

/** The date formats LibreView writes, named as its account settings show them. */
export type LibreViewDateFormat =
  | 'MM-DD-YYYY HH:mm'
  | 'MM-DD-YYYY hh:mm AM'
  | 'DD-MM-YYYY HH:mm'
  | 'DD-MM-YYYY hh:mm AM'
  | 'YYYY-MM-DD HH:mm';

export const LIBREVIEW_DATE_FORMATS: readonly LibreViewDateFormat[] = [
  'MM-DD-YYYY HH:mm',
  'MM-DD-YYYY hh:mm AM',
  'DD-MM-YYYY HH:mm',
  'DD-MM-YYYY hh:mm AM',
  'YYYY-MM-DD HH:mm',
];

/** A timestamp cell split into numbers, before the file's day/month order is applied. */
export interface TimestampParts {
  /** `dayMonth`: `NN-NN-YYYY`, whose order the file decides; `yearFirst`: `YYYY-MM-DD`. */
  kind: 'dayMonth' | 'yearFirst';
  /** First and second date fields: day and month in some order, or month and day. */
  first: number;
  second: number;
  year: number;
  /** Hour on the 24-hour clock, AM and PM already applied. */
  hour: number;
  minute: number;
  seconds: number;
  /** True when the cell used the 12-hour clock with AM or PM. */
  twelveHour: boolean;
}

const DAY_MONTH = /^(\d{2})-(\d{2})-(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?$/i;
const YEAR_FIRST = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Splits a timestamp cell into its numbers, or returns null when it has none of the formats. */
export function splitTimestamp(text: string): TimestampParts | null {
  const trimmed = text.trim();
  const dayMonth = DAY_MONTH.exec(trimmed);
  if (dayMonth !== null) {
    const [first, second, year, hour, minute, seconds] = dayMonth
      .slice(1, 7)
      .map((field) => Number(field ?? 0));
    const hour24 = applyMeridiem(hour ?? 0, dayMonth[7]);
    if (hour24 === null) {
      return null;
    }
    return {
      kind: 'dayMonth',
      first: first ?? 0,
      second: second ?? 0,
      year: year ?? 0,
      hour: hour24,
      minute: minute ?? 0,
      seconds: seconds ?? 0,
      twelveHour: dayMonth[7] !== undefined,
    };
  }
  const yearFirst = YEAR_FIRST.exec(trimmed);
  if (yearFirst !== null) {
    const [year, month, day, hour, minute, seconds] = yearFirst
      .slice(1, 7)
      .map((field) => Number(field ?? 0));
    return {
      kind: 'yearFirst',
      first: month ?? 0,
      second: day ?? 0,
      year: year ?? 0,
      hour: hour ?? 0,
      minute: minute ?? 0,
      seconds: seconds ?? 0,
      twelveHour: false,
    };
  }
  return null;
}

/** Turns a 12-hour clock hour into a 24-hour one: 12 AM is 0, 12 PM is 12, 1 PM is 13. */
function applyMeridiem(hour: number, meridiem: string | undefined): number | null {
  if (meridiem === undefined) {
    return hour;
  }
  if (hour < 1 || hour > 12) {
    return null;
  }
  const pm = meridiem.toUpperCase() === 'PM';
  return (hour % 12) + (pm ? 12 : 0);
}

/**
 * Returns the order a `NN-NN-YYYY` timestamp proves: a first field above 12 can only be a day,
 * a second field above 12 only a day too. Returns null when both fields are 12 or less.
 */
export function orderEvidence(parts: TimestampParts): DateOrder | null {
  if (parts.kind !== 'dayMonth') {
    return null;
  }
  if (parts.first > 12 && parts.second <= 12) {
    return 'dayFirst';
  }
  if (parts.second > 12 && parts.first <= 12) {
    return 'monthFirst';
  }
  return null;
}

/**
 * Returns the wall-clock time of `parts` in milliseconds read as if it were UTC, or null when
 * the date does not exist in `order` (month 13, 30 February) or the time is out of range.
 */
export function wallTimeOf(parts: TimestampParts, order: DateOrder): number | null {
  const dayFirst = parts.kind === 'dayMonth' && order === 'dayFirst';
  const day = dayFirst ? parts.first : parts.second;
  const month = dayFirst ? parts.second : parts.first;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    parts.hour > 23 ||
    parts.minute > 59 ||
    parts.seconds > 59
  ) {
    return null;
  }
  const wallMs = Date.UTC(parts.year, month - 1, day, parts.hour, parts.minute, parts.seconds);
  return new Date(wallMs).getUTCDate() === day ? wallMs : null;
}

/** Describes what a timestamp cell should look like under `order`, for messages. */
export function expectedFormats(order: DateOrder | null): string {
  if (order === 'dayFirst') {
    return 'DD-MM-YYYY HH:mm, DD-MM-YYYY hh:mm AM or YYYY-MM-DD HH:mm';
  }
  if (order === 'monthFirst') {
    return 'MM-DD-YYYY HH:mm, MM-DD-YYYY hh:mm AM or YYYY-MM-DD HH:mm';
  }
  return 'DD-MM-YYYY HH:mm, MM-DD-YYYY HH:mm, either with hh:mm AM, or YYYY-MM-DD HH:mm';
}

/**
 * Formats a wall-clock time `YYYY-MM-DDTHH:mm:ss` in `format`; seconds are dropped because
 * LibreView writes minutes only.
 */
export function formatTimestamp(local: string, format: LibreViewDateFormat): string {
  const year = local.slice(0, 4);
  const month = local.slice(5, 7);
  const day = local.slice(8, 10);
  const hour = Number(local.slice(11, 13));
  const minute = local.slice(14, 16);
  const twelveHour = format.endsWith('AM');
  const clock = twelveHour
    ? `${String(hour % 12 === 0 ? 12 : hour % 12).padStart(2, '0')}:${minute} ${hour < 12 ? 'AM' : 'PM'}`
    : `${String(hour).padStart(2, '0')}:${minute}`;
  if (format.startsWith('YYYY')) {
    return `${year}-${month}-${day} ${clock}`;
  }
  const date = format.startsWith('DD') ? `${day}-${month}-${year}` : `${month}-${day}-${year}`;
  return `${date} ${clock}`;
}
