import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { CanonicalRecord } from '@phoenix/domain';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

/** Outcome of storing one upload batch. */
export interface StoredBatch {
  batchId: string;
  /** True when the idempotency key was seen before and nothing new was stored. */
  replayed: boolean;
  accepted: number;
  duplicates: number;
}

/** Batch metadata that the caller sends besides the records. */
export interface BatchInfo {
  patientId: string;
  idempotencyKey: string;
  /** SHA-256 of the batch as sent (32 bytes). */
  digest: Buffer;
  sourceFormat: string | null;
  sourceFile: string | null;
  /** Number of records in the request, accepted or not. */
  recordCount: number;
  /** Number of records rejected by validation. */
  rejectedCount: number;
  /** Reasons for each rejected record; a record may have several entries. */
  rejections: unknown[];
}

const STAGING_COLUMNS = [
  'batch_id',
  'record_index',
  'type',
  'identity_hash',
  'time',
  'device_key',
  'device_time',
  'timezone_offset_min',
  'clock_drift_offset_ms',
  'conversion_offset_ms',
  'time_resolution',
  'value_mg_dl',
  'out_of_range',
  'threshold_mg_dl',
  'rate_mg_dl_per_min',
  'trend',
  'transmitter_time_sec',
  'source_format',
  'source_line',
  'payload',
] as const;

/**
 * Store a validated batch inside the caller's transaction: begin the batch (or find it by its
 * idempotency key), COPY the records into staging, and merge them into the time-series tables.
 * The caller commits; until then nothing is visible and nothing may be acknowledged.
 * `records` pairs each record with its index in the request.
 */
export async function storeBatch(
  client: pg.PoolClient,
  info: BatchInfo,
  records: { index: number; record: CanonicalRecord }[],
): Promise<StoredBatch> {
  const begun = await client.query<{ batch_id: string; replayed: boolean }>(
    'select batch_id, replayed from begin_upload($1, $2, $3, $4, $5, $6, $7, $8)',
    [
      info.patientId,
      info.idempotencyKey,
      info.digest,
      info.sourceFormat,
      info.sourceFile,
      info.recordCount,
      info.rejectedCount,
      JSON.stringify(info.rejections),
    ],
  );
  const { batch_id: batchId, replayed } = begun.rows[0]!;
  if (replayed) {
    const stored = await client.query<{ accepted: number | null; duplicates: number | null }>(
      'select accepted, duplicates from upload_receipt($1)',
      [batchId],
    );
    const row = stored.rows[0];
    return { batchId, replayed, accepted: row?.accepted ?? 0, duplicates: row?.duplicates ?? 0 };
  }

  await copyToStaging(client, batchId, records);
  const merged = await client.query<{ accepted: number; duplicates: number }>(
    'select accepted, duplicates from merge_upload($1)',
    [batchId],
  );
  const { accepted, duplicates } = merged.rows[0]!;
  return { batchId, replayed, accepted, duplicates };
}

async function copyToStaging(
  client: pg.PoolClient,
  batchId: string,
  records: { index: number; record: CanonicalRecord }[],
): Promise<void> {
  const sql = `copy upload_staging (${STAGING_COLUMNS.join(', ')}) from stdin`;
  const sink = client.query(copyStreams.from(sql));
  const lines = (function* () {
    for (const { index, record } of records) {
      yield stagingLine(batchId, index, record);
    }
  })();
  await pipeline(Readable.from(lines), sink);
}

/** Format a record as one line of COPY text format. */
export function stagingLine(batchId: string, index: number, record: CanonicalRecord): string {
  const glucose = record.type === 'cbg' || record.type === 'smbg' ? record : null;
  const cbg = record.type === 'cbg' ? record : null;
  const fields: (string | number | null | undefined)[] = [
    batchId,
    index,
    record.type,
    `\\x${record.id}`,
    record.time,
    record.deviceId,
    record.deviceTime,
    record.timezoneOffset,
    record.clockDriftOffset,
    record.conversionOffset,
    record.timeResolution,
    glucose?.valueMgDl,
    glucose?.outOfRange,
    glucose?.thresholdMgDl,
    cbg?.rateMgDlPerMin,
    cbg?.trend,
    cbg?.transmitterTimeSec,
    record.origin.format,
    record.origin.line,
    record.type === 'cbg' ? null : JSON.stringify(payloadOf(record)),
  ];
  return `${fields.map(copyField).join('\t')}\n`;
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

/** Collect the type-specific fields of a record other than cbg, kept as JSON. */
function payloadOf(record: CanonicalRecord): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const hasGlucoseColumns = record.type === 'smbg';
  for (const [key, value] of Object.entries(record)) {
    if (BASE_FIELDS.has(key) || (hasGlucoseColumns && GLUCOSE_FIELDS.has(key))) continue;
    payload[key] = value;
  }
  return payload;
}

function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]!);
}

const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
