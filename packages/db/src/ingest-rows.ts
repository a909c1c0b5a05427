import { instantMillis, type CanonicalRecord } from '@phoenix/domain';
import {
  CopyBinaryEncoder,
  CopyEncodeError,
  type CopyColumnType,
  type CopyValue,
} from './copy-binary.ts';

/**
 * Columns of `upload_staging` that an upload writes: name, PostgreSQL type, and the record
 * field the value comes from as a JSON pointer (empty for values the server supplies).
 */
const STAGING_COLUMNS = [
  ['batch_id', 'uuid', ''],
  ['record_index', 'int4', ''],
  ['type', 'text', '/type'],
  ['identity_hash', 'bytea', '/id'],
  ['time', 'timestamptz', '/time'],
  ['device_key', 'text', '/deviceId'],
  ['device_time', 'timestamp', '/deviceTime'],
  ['timezone_offset_min', 'int4', '/timezoneOffset'],
  ['clock_drift_offset_ms', 'int4', '/clockDriftOffset'],
  ['conversion_offset_ms', 'int8', '/conversionOffset'],
  ['time_resolution', 'text', '/timeResolution'],
  ['value_mg_dl', 'float8', '/valueMgDl'],
  ['out_of_range', 'text', '/outOfRange'],
  ['threshold_mg_dl', 'float8', '/thresholdMgDl'],
  ['rate_mg_dl_per_min', 'float8', '/rateMgDlPerMin'],
  ['trend', 'text', '/trend'],
  ['transmitter_time_sec', 'int8', '/transmitterTimeSec'],
  ['source_format', 'text', '/origin/format'],
  ['source_line', 'int4', '/origin/line'],
  ['payload', 'jsonb', ''],
] as const satisfies readonly (readonly [string, CopyColumnType, string])[];

/** Names of the staging columns, in COPY order. */
export const STAGING_COLUMN_NAMES: readonly string[] = STAGING_COLUMNS.map(([name]) => name);

/** Types of the staging columns, in COPY order. */
export const STAGING_COLUMN_TYPES: readonly CopyColumnType[] = STAGING_COLUMNS.map(
  ([, type]) => type,
);

/** Bytes a cbg staging row takes in binary COPY, rounded up; a first guess at buffer sizes. */
const TYPICAL_ROW_BYTES = 256;
/** Offset of batch_id, the first column, in an encoded row, after the field count and length. */
const BATCH_ID_OFFSET_IN_ROW = 2 + 4;
/** Stands in for the batch ID until begin_upload has made it. */
const PLACEHOLDER_BATCH_ID = '00000000-0000-0000-0000-000000000000';

/** A record that could not be encoded for its staging row. */
export interface StagingRowError {
  /** Index of the record in the request. */
  index: number;
  /** The record field as a JSON pointer, or empty for a column the record does not fill alone. */
  field: string;
  message: string;
}

/**
 * Staging rows of one batch in binary COPY format, encoded before the batch's transaction so
 * that the records can be released while PostgreSQL works. The batch ID is known only once
 * `begin_upload` ran, so `withBatchId` writes it into every row just before the COPY.
 */
export class EncodedStagingRows {
  /**
   * `data` is the COPY data, header and trailer included; `batchIdOffsets` gives where each
   * row's batch ID starts in it, and `summary` describes the rows' records. They are public so
   * that rows encoded in a worker thread can be sent back and wrapped again without copying.
   */
  constructor(
    readonly data: Buffer,
    readonly batchIdOffsets: Int32Array,
    readonly summary: StagingSummary,
  ) {}

  /** Number of rows. */
  get count(): number {
    return this.batchIdOffsets.length;
  }

  /**
   * Returns the COPY data, header and trailer included, with `batchId` in every row. The data
   * is written in place, so a later call replaces the ID in the buffer an earlier call returned.
   */
  withBatchId(batchId: string): Buffer {
    const id = Buffer.from(batchId.replaceAll('-', ''), 'hex');
    if (id.length !== 16) throw new CopyEncodeError(`expected a UUID, got ${batchId}`);
    for (const offset of this.batchIdOffsets) this.data.set(id, offset);
    return this.data;
  }
}

/** Figures of a batch's staged records that `stage_upload` takes besides their number. */
export interface StagingSummary {
  /** Records that differ by type and identity hash, so copies inside the batch count once. */
  distinctRecords: number;
  /** Epoch ms of the earliest and latest record; NaN when there is none. */
  firstTimeMs: number;
  lastTimeMs: number;
}

/** Builds the `StagingSummary` of records as they are staged. */
export class StagingSummaryBuilder {
  /** Identity hashes, gathered only once the times stop increasing. */
  private identities: Set<string> | null = null;
  private readonly ids: string[] = [];
  private firstTimeMs = Number.POSITIVE_INFINITY;
  private lastTimeMs = Number.NEGATIVE_INFINITY;
  private previousTimeMs = Number.NEGATIVE_INFINITY;

  add(record: CanonicalRecord, timeMs = instantMillis(record.time)): void {
    // The identity hash covers the type and the instant, so equal IDs mean equal records.
    // Records of strictly increasing times, as devices export them, cannot share an ID, so the
    // set of IDs is built only once a time repeats or goes back.
    if (this.identities) {
      this.identities.add(record.id);
    } else if (timeMs > this.previousTimeMs) {
      this.ids.push(record.id);
    } else {
      this.identities = new Set(this.ids);
      this.identities.add(record.id);
    }
    this.previousTimeMs = timeMs;
    if (timeMs < this.firstTimeMs) this.firstTimeMs = timeMs;
    if (timeMs > this.lastTimeMs) this.lastTimeMs = timeMs;
  }

  build(): StagingSummary {
    const distinct = this.identities ? this.identities.size : this.ids.length;
    const empty = distinct === 0;
    return {
      distinctRecords: distinct,
      firstTimeMs: empty ? Number.NaN : this.firstTimeMs,
      lastTimeMs: empty ? Number.NaN : this.lastTimeMs,
    };
  }
}

/**
 * Encode the staging rows of validated records into one buffer: `into` when they fit there,
 * otherwise new memory. An entry's `timeMs`, when given, must be the epoch milliseconds of its
 * record's `time`. A record whose values do not
 * fit their columns is left out and passed to `onError`, or raises CopyEncodeError when there
 * is no `onError`. Such values are text with a NUL character, an integer beyond its column's
 * range and a time the encoder cannot read.
 */
export function encodeStagingRows(
  records: Iterable<{ index: number; record: CanonicalRecord; timeMs?: number }>,
  onError?: (error: StagingRowError) => void,
  into?: Buffer,
): EncodedStagingRows {
  const size = Array.isArray(records) ? records.length : 0;
  const encoder = new CopyBinaryEncoder(
    STAGING_COLUMN_TYPES,
    STAGING_COLUMN_NAMES,
    Math.max(size, 64) * TYPICAL_ROW_BYTES,
    into,
  );
  const offsets: number[] = [];
  const summary = new StagingSummaryBuilder();
  const row = new Array<CopyValue>(STAGING_COLUMNS.length);
  for (const { index, record, timeMs } of records) {
    const rowStart = encoder.pendingBytes;
    try {
      stagingRow(PLACEHOLDER_BATCH_ID, index, record, row);
      // An instant the caller has already read spares reading its text again.
      if (timeMs !== undefined) row[4] = timeMs;
      encoder.writeRow(row);
    } catch (error) {
      if (!(error instanceof CopyEncodeError) || !onError) throw error;
      const column = error.column === undefined ? undefined : STAGING_COLUMNS[error.column];
      onError({ index, field: column?.[2] ?? '', message: error.message });
      continue;
    }
    offsets.push(rowStart + BATCH_ID_OFFSET_IN_ROW);
    summary.add(record, timeMs);
  }
  encoder.finish();
  return new EncodedStagingRows(encoder.takeChunk(), Int32Array.from(offsets), summary.build());
}

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
