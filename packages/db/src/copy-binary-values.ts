/**
 * Checks and conversions of JavaScript values for the binary COPY encoder. Each function
 * returns what a column type's binary format needs, or raises CopyEncodeError.
 */

/**
 * A field value; `null` and `undefined` are NULL. The accepted JavaScript types per column type:
 *
 * - `bool`: boolean. `int2`, `int4`, `float8`: number. `int8`: number or bigint.
 * - `text`: string without NUL characters. `bytea`: Buffer or hexadecimal string.
 * - `uuid`: string. `timestamp`: string `YYYY-MM-DDTHH:mm:ss[.ffffff]`.
 * - `timestamptz`: string with `Z` or an offset, a Date, or a number of milliseconds since
 *   1970-01-01 UTC.
 * - `jsonb`: JSON text, or any value JSON.stringify accepts.
 */
export type CopyValue =
  string | number | bigint | boolean | Buffer | Date | object | null | undefined;

/** Error raised for a value the encoder cannot write into its column. */
export class CopyEncodeError extends Error {
  override name = 'CopyEncodeError';
  /** Index of the column whose value failed, when the error came from a row. */
  readonly column: number | undefined;

  constructor(message: string, options: { column?: number } = {}) {
    super(message);
    this.column = options.column;
  }
}

/** Milliseconds from 1970-01-01 to 2000-01-01, the epoch of PostgreSQL timestamps. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HEX_PATTERN = /^(?:\\x)?((?:[0-9a-f]{2})*)$/i;

/** Returns `value` when it is a boolean; raises CopyEncodeError otherwise. */
export function expectBoolean(value: NonNullable<CopyValue>): boolean {
  if (typeof value !== 'boolean')
    throw new CopyEncodeError(`expected a boolean, got ${describeValue(value)}`);
  return value;
}

/** Returns `value` when it is a number; raises CopyEncodeError otherwise. */
export function expectNumber(value: NonNullable<CopyValue>): number {
  if (typeof value !== 'number')
    throw new CopyEncodeError(`expected a number, got ${describeValue(value)}`);
  return value;
}

/** Returns `value` when it is an integer that fits a signed `bits`-bit field. */
export function expectInteger(value: NonNullable<CopyValue>, bits: 16 | 32): number {
  const number = expectNumber(value);
  const limit = bits === 32 ? 2_147_483_648 : 32_768;
  if (!Number.isInteger(number) || number < -limit || number >= limit) {
    throw new CopyEncodeError(`expected a ${bits}-bit integer, got ${describeValue(value)}`);
  }
  return number;
}

/** Returns a number or bigint as a number when it is an integer within ±(2^53 − 1). */
export function expectInt64(value: NonNullable<CopyValue>): number {
  const number = typeof value === 'bigint' ? Number(value) : expectNumber(value);
  if (!Number.isSafeInteger(number)) {
    throw new CopyEncodeError(
      `expected an integer within ±(2^53 − 1), got ${describeValue(value)}`,
    );
  }
  return number;
}

/** Returns `value` when it is a string; raises CopyEncodeError otherwise. */
export function expectString(value: NonNullable<CopyValue>): string {
  if (typeof value !== 'string')
    throw new CopyEncodeError(`expected a string, got ${describeValue(value)}`);
  return value;
}

/** Returns a Buffer as it is, or the bytes of hexadecimal text (optionally `\\x`-prefixed). */
export function expectBytes(value: NonNullable<CopyValue>): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const match = typeof value === 'string' ? HEX_PATTERN.exec(value) : null;
  if (!match)
    throw new CopyEncodeError(`expected a Buffer or hex string, got ${describeValue(value)}`);
  return Buffer.from(match[1]!, 'hex');
}

/** Returns the 16 bytes of a UUID in text form, with or without hyphens. */
export function uuidBytes(value: NonNullable<CopyValue>): Buffer {
  if (typeof value !== 'string' || !UUID_PATTERN.test(value)) {
    throw new CopyEncodeError(`expected a UUID, got ${describeValue(value)}`);
  }
  return Buffer.from(value.replaceAll('-', ''), 'hex');
}

/**
 * Returns microseconds since 2000-01-01 00:00:00 of an ISO 8601 date-time. With `zoned`, the text
 * needs `Z` or an offset and the result is UTC; without, it must have no offset and the
 * wall-clock fields are taken as they are. Fractions past microseconds are rounded.
 */
export function timestampMicros(value: NonNullable<CopyValue>, zoned: boolean): number {
  if (zoned && typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new CopyEncodeError(`invalid epoch milliseconds ${value}; expected a finite number`);
    return (value - POSTGRES_EPOCH_MS) * 1000;
  }
  if (zoned && value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new CopyEncodeError('the Date is invalid');
    return (ms - POSTGRES_EPOCH_MS) * 1000;
  }
  const fast = typeof value === 'string' ? fastMicros(value, zoned) : null;
  if (fast !== null) return fast;
  const match = typeof value === 'string' ? DATE_TIME_PATTERN.exec(value) : null;
  if (!match)
    throw new CopyEncodeError(`expected an ISO 8601 date-time, got ${describeValue(value)}`);
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  if (zoned !== (zone !== undefined)) {
    throw new CopyEncodeError(
      zoned
        ? `a timestamptz needs Z or an offset: ${String(value)}`
        : `a timestamp takes no offset: ${String(value)}`,
    );
  }
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = utcMillis(fields, String(value));
  const micros = fraction ? Math.round(Number(`0.${fraction}`) * 1e6) : 0;
  return (ms - POSTGRES_EPOCH_MS - offsetMillis(zone)) * 1000 + micros;
}

/**
 * Returns microseconds since 2000-01-01 of the common shapes `YYYY-MM-DDTHH:mm:ss[.ffffff]Z`
 * (zoned) and `YYYY-MM-DDTHH:mm:ss[.ffffff]` (wall clock). It reads them digit by digit, which
 * is far faster than a regular expression or Date.parse. Other text and fields out of range
 * get null and go to the general parser, which raises the errors.
 */
function fastMicros(text: string, zoned: boolean): number | null {
  const end = zoned ? text.length - 1 : text.length;
  if (end < 19 || (zoned && text.charCodeAt(end) !== 0x5a)) return null; // Z
  const separator = text.charCodeAt(10);
  if (separator !== 0x54 && separator !== 0x20) return null; // T or space
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return null; // -
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return null; // :
  const year = decimal(text, 0, 4);
  const month = decimal(text, 5, 7);
  const day = decimal(text, 8, 10);
  const hour = decimal(text, 11, 13);
  const minute = decimal(text, 14, 16);
  const second = decimal(text, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  let micros = 0;
  if (end > 19) {
    // Up to six fraction digits are exact in integers. Longer fractions go to the general parser.
    const digits = end - 20;
    if (text.charCodeAt(19) !== 0x2e || digits < 1 || digits > 6) return null;
    micros = decimal(text, 20, end);
    if (micros < 0) return null;
    micros *= 10 ** (6 - digits);
  }
  const ms = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
  return (ms - POSTGRES_EPOCH_MS) * 1000 + micros;
}

/** Reads the decimal digits of `text` from `start` to `end`; -1 when one is not a digit. */
function decimal(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const digit = text.charCodeAt(index) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
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

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function utcMillis(fields: [number, number, number, number, number, number], text: string): number {
  const [year, month, day, hour, minute, second] = fields;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!valid) throw new CopyEncodeError(`not a valid date-time: ${text}`);
  return date.getTime();
}

function offsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** Describes a value for an error message, without echoing long text in full. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  return typeof value === 'object' ? 'an object' : String(value);
}
