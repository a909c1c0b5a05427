import { hash } from 'node:crypto';
import { RECORD_TYPES, type RecordType } from './records.ts';

/**
 * The fields `identityHash` reads: the base fields every record has, and the type's
 * distinguishing fields where present. A whole canonical record (with or without `id`) fits.
 */
export interface IdentityInput {
  deviceId: string;
  type: RecordType;
  /** UTC instant, ISO 8601 (`2019-10-27T00:30:00.000Z`); other ISO forms are normalised. */
  time: string;
  subType?: string | null;
  detail?: string | null;
  valueMgDl?: number | null;
  outOfRange?: string | null;
  normalUnits?: number | null;
  extendedUnits?: number | null;
  carbsGrams?: number | null;
  deliveryType?: string | null;
  rateUnitsPerHour?: number | null;
  recommendedUnits?: number | null;
}

/**
 * Computes the deterministic identity of a record as 64 lowercase hex characters. The hash is
 * SHA-256 of a JSON array of the device ID, the record type, the UTC `time` in milliseconds and
 * the fields that tell two records of that type at one instant apart:
 *
 * - `cbg`: nothing more, because one sensor gives one reading per instant;
 * - `smbg`: the value rounded to whole mg/dL and the out-of-range flag, so values that differ
 *   only by unit conversion noise (93 and 93.2 mg/dL) agree;
 * - `bolus`: the normal and extended amounts rounded to 0.001 U;
 * - `food`: the carbohydrates rounded to 0.1 g;
 * - `deviceEvent`: `subType` and `detail`;
 * - `basal`: delivery type and rate rounded to 0.001 U/h;
 * - `wizard`: carbohydrates rounded to 0.1 g and the recommended amount to 0.001 U;
 * - `pumpSettings`, `cgmSettings`: nothing more.
 *
 * Provenance (file, line, format) is left out, so the same reading read twice, or read from two
 * formats that agree on device, type and instant, gets the same hash.
 *
 * @throws RangeError when `time` is not a valid date-time.
 */
export function identityHash(record: IdentityInput): string {
  const timeMs = instantMillis(record.time);
  if (Number.isNaN(timeMs)) {
    throw new RangeError(`Invalid record time "${record.time}": expected an ISO 8601 instant.`);
  }
  const type = JSON_OF_TYPE.get(record.type) ?? jsonOfField(record.type);
  let key = `[${deviceIdJson(record.deviceId)},${type},${timeMs}`;
  for (const value of distinguishingFields(record)) key += `,${jsonOfField(value)}`;
  // crypto.hash makes no Hash object per record, which matters at 10,000 records a batch.
  return hash('sha256', `${key}]`, 'hex');
}

/**
 * The key is written piece by piece, exactly as JSON.stringify writes the array
 * `[deviceId, type, timeMs, ...fields]`, because stringifying an array per record costs as
 * much as hashing it. The JSON of the last device ID is kept, since a batch repeats one.
 */
const JSON_OF_TYPE: ReadonlyMap<string, string> = new Map(
  RECORD_TYPES.map((type) => [type, JSON.stringify(type)]),
);
let lastDeviceId: string | undefined;
let lastDeviceIdJson = '';

function deviceIdJson(deviceId: string): string {
  if (deviceId !== lastDeviceId) {
    lastDeviceIdJson = jsonOfField(deviceId);
    lastDeviceId = deviceId;
  }
  return lastDeviceIdJson;
}

/** Writes a value as JSON.stringify writes an array element. */
function jsonOfField(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  // undefined, functions and symbols have no JSON form of their own and become null.
  return (JSON.stringify(value) as string | undefined) ?? 'null';
}

/**
 * Returns epoch ms of an ISO 8601 instant, as Date.parse does. The canonical form
 * `YYYY-MM-DDTHH:mm:ss.sssZ` with every field in range is computed from its digits, which is
 * several times faster. Any other text, such as an offset or a day past the month's end, goes
 * to Date.parse, so that its result stays exactly what it was.
 */
function instantMillis(time: string): number {
  return canonicalInstantMillis(time) ?? Date.parse(time);
}

function canonicalInstantMillis(text: string): number | null {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 0x2d || // -
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(10) !== 0x54 || // T
    text.charCodeAt(13) !== 0x3a || // :
    text.charCodeAt(16) !== 0x3a ||
    text.charCodeAt(19) !== 0x2e || // .
    text.charCodeAt(23) !== 0x5a // Z
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

function distinguishingFields(record: IdentityInput): unknown[] {
  switch (record.type) {
    case 'smbg':
      return [roundTo(record.valueMgDl, 1), record.outOfRange ?? null];
    case 'bolus':
      return [roundTo(record.normalUnits, 1000), roundTo(record.extendedUnits, 1000)];
    case 'food':
      return [roundTo(record.carbsGrams, 10)];
    case 'deviceEvent':
      return [record.subType ?? null, record.detail ?? null];
    case 'basal':
      return [record.deliveryType ?? null, roundTo(record.rateUnitsPerHour, 1000)];
    case 'wizard':
      return [roundTo(record.carbsGrams, 10), roundTo(record.recommendedUnits, 1000)];
    default:
      return [];
  }
}

/** Rounds to a multiple of 1/`steps`, keeping null and undefined as null. */
function roundTo(value: number | null | undefined, steps: number): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  return Math.round(value * steps) / steps;
}
