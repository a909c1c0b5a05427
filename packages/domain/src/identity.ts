import { hash } from 'node:crypto';
import { RECORD_TYPES, type RecordType } from './records.ts';
import { instantMillis } from './time.ts';

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
 * `timeMs`, when given, must be the epoch milliseconds of `time`, so that a caller that has
 * read it already spares reading it again.
 *
 * @throws RangeError when `time` is not a valid date-time.
 */
export function identityHash(record: IdentityInput, timeMs = instantMillis(record.time)): string {
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
