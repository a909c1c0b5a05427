import type { CanonicalRecord } from '@phoenix/domain';
import type { CopyColumnType, CopyValue } from './copy-binary.ts';

/** Columns of `upload_staging` that an upload writes, with their PostgreSQL types. */
const STAGING_COLUMNS = [
  ['batch_id', 'uuid'],
  ['record_index', 'int4'],
  ['type', 'text'],
  ['identity_hash', 'bytea'],
  ['time', 'timestamptz'],
  ['device_key', 'text'],
  ['device_time', 'timestamp'],
  ['timezone_offset_min', 'int4'],
  ['clock_drift_offset_ms', 'int4'],
  ['conversion_offset_ms', 'int8'],
  ['time_resolution', 'text'],
  ['value_mg_dl', 'float8'],
  ['out_of_range', 'text'],
  ['threshold_mg_dl', 'float8'],
  ['rate_mg_dl_per_min', 'float8'],
  ['trend', 'text'],
  ['transmitter_time_sec', 'int8'],
  ['source_format', 'text'],
  ['source_line', 'int4'],
  ['payload', 'jsonb'],
] as const satisfies readonly (readonly [string, CopyColumnType])[];

/** Names of the staging columns, in COPY order. */
export const STAGING_COLUMN_NAMES: readonly string[] = STAGING_COLUMNS.map(([name]) => name);

/** Types of the staging columns, in COPY order. */
export const STAGING_COLUMN_TYPES: readonly CopyColumnType[] = STAGING_COLUMNS.map(
  ([, type]) => type,
);

/**
 * Returns the staging row of a record, in the order of `STAGING_COLUMN_NAMES`. Glucose fields have
 * columns of their own for cbg and smbg records; the other fields of records other than cbg
 * go into `payload` as JSON. With `into`, that array is filled and returned instead of a new
 * one, which spares the garbage collector when rows are encoded one at a time.
 */
export function stagingRow(
  batchId: string,
  index: number,
  record: CanonicalRecord,
  into: CopyValue[] = new Array<CopyValue>(STAGING_COLUMNS.length),
): CopyValue[] {
  const glucose = record.type === 'cbg' || record.type === 'smbg' ? record : null;
  const cbg = record.type === 'cbg' ? record : null;
  into[0] = batchId;
  into[1] = index;
  into[2] = record.type;
  into[3] = record.id;
  into[4] = record.time;
  into[5] = record.deviceId;
  into[6] = record.deviceTime;
  into[7] = record.timezoneOffset;
  into[8] = record.clockDriftOffset;
  into[9] = record.conversionOffset;
  into[10] = record.timeResolution;
  into[11] = glucose?.valueMgDl;
  into[12] = glucose?.outOfRange;
  into[13] = glucose?.thresholdMgDl;
  into[14] = cbg?.rateMgDlPerMin;
  into[15] = cbg?.trend;
  into[16] = cbg?.transmitterTimeSec;
  into[17] = record.origin.format;
  into[18] = record.origin.line;
  into[19] = cbg ? null : payloadOf(record);
  return into;
}

const BASE_FIELDS = new Set([
  'type',
  'id',
  'time',
  'deviceTime',
  'timezoneOffset',
  'clockDriftOffset',
  'conversionOffset',
  'timezone',
  'timeResolution',
  'deviceId',
  'origin',
]);

/** Glucose fields that have columns of their own for cbg and smbg records. */
const GLUCOSE_FIELDS = new Set(['valueMgDl', 'outOfRange', 'thresholdMgDl']);

/** Collects the type-specific fields of a record other than cbg, kept as JSON. */
function payloadOf(record: CanonicalRecord): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const hasGlucoseColumns = record.type === 'smbg';
  for (const [key, value] of Object.entries(record)) {
    if (BASE_FIELDS.has(key) || (hasGlucoseColumns && GLUCOSE_FIELDS.has(key))) continue;
    payload[key] = value;
  }
  return payload;
}
