import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CanonicalRecord } from '@phoenix/domain';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { encodeCopyBinary, type CopyValue } from './copy-binary.ts';
import {
  EncodedStagingRows,
  STAGING_COLUMN_NAMES,
  STAGING_COLUMN_TYPES,
  StagingSummaryBuilder,
  stagingRow,
  type StagingSummary,
} from './ingest-rows.ts';

export {
  EncodedStagingRows,
  encodeStagingRows,
  stagingRow,
  StagingSummaryBuilder,
  type StagingRowError,
  type StagingSummary,
} from './ingest-rows.ts';

/** Processing state of an upload batch. */
export type BatchStatus = 'open' | 'staged' | 'merged';

/**
 * Outcome of staging one upload batch. While `status` is `staged`, `accepted` and
 * `duplicates` are as known at receipt: records repeated inside the batch and records merged
 * before it count as duplicates. Once the merger has run they are final. A record that also
 * sits in another batch staged at the same time then counts as a duplicate in the batch
 * received later.
 */
export interface StagedBatch {
  batchId: string;
  /** True when the idempotency key was seen before and nothing new was staged. */
  replayed: boolean;
  status: BatchStatus;
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
  /** Reasons for rejection, one entry per broken rule, so a record may have several. */
  rejections: unknown[];
}

/** Error raised when staging a batch would take the staging backlog past its bound. */
export class IngestBacklogFullError extends Error {
  override name = 'IngestBacklogFullError';

  constructor(
    readonly backlog: IngestBacklog,
    readonly maxBacklogRecords: number,
  ) {
    super(
      `the staging backlog contains ${backlog.records} records, and this batch would take it past ` +
        `${maxBacklogRecords}; retry later`,
    );
  }
}

/** Options of `stageBatch`. */
export interface StageOptions {
  /**
   * Bound on staged records waiting for the merger. A new batch that would take the backlog
   * past it raises IngestBacklogFullError, unless the backlog is empty, so any batch can be
   * staged eventually. Concurrent uploads check at the same time, so the backlog may exceed
   * the bound by up to one batch per concurrent upload. No bound when unset.
   */
  maxBacklogRecords?: number;
}

/**
 * Stage a validated batch inside the caller's transaction: begin the batch (or find it by its
 * idempotency key), write the records into `upload_staging` with binary COPY, and close the
 * batch as staged with the duplicate counts known now. The caller commits, and only then may
 * it acknowledge the batch; the merger moves it into the time-series tables later. A replay
 * returns the stored batch without checking the backlog.
 * `records` pairs each record with its index in the request, or contains their rows encoded by
 * `encodeStagingRows`, and must contain exactly `info.recordCount − info.rejectedCount` records.
 * Raises SQLSTATE 42501 when the caller may not write for the patient, PA409 when the key was
 * used for other content, and IngestBacklogFullError (see `StageOptions`).
 */
export async function stageBatch(
  client: pg.PoolClient,
  info: BatchInfo,
  records: readonly { index: number; record: CanonicalRecord }[] | EncodedStagingRows,
  options: StageOptions = {},
): Promise<StagedBatch> {
  // The backlog is read before begin_upload, because its insert into upload_batches takes the
  // audit chain's lock, and every other audited write waits for that lock until this
  // transaction commits. So only the work that needs the batch ID follows it.
  const backlog = options.maxBacklogRecords === undefined ? null : await readIngestBacklog(client);
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
    const receipt = await readUploadReceipt(client, batchId);
    return {
      batchId,
      replayed,
      status: receipt?.status ?? 'open',
      accepted: receipt?.accepted ?? 0,
      duplicates: receipt?.duplicates ?? 0,
    };
  }

  if (backlog && options.maxBacklogRecords !== undefined) {
    const count = records instanceof EncodedStagingRows ? records.count : records.length;
    if (backlog.records > 0 && backlog.records + count > options.maxBacklogRecords) {
      throw new IngestBacklogFullError(backlog, options.maxBacklogRecords);
    }
  }
  let copied: CopiedRows;
  if (records instanceof EncodedStagingRows) {
    copied = await copyEncodedRows(client, batchId, records);
  } else {
    const summary = new StagingSummaryBuilder();
    const rows = await copyToStaging(client, batchId, records, 'upload_staging', summary);
    copied = { rows, summary: summary.build() };
  }
  const declared = info.recordCount - info.rejectedCount;
  if (copied.rows !== declared) {
    // The transaction rolls back, so no receipt promises records that were not written.
    throw new Error(
      `upload batch ${batchId} staged ${copied.rows} records but declares ${declared} valid ones`,
    );
  }
  const { distinctRecords, firstTimeMs, lastTimeMs } = copied.summary;
  const staged = await client.query<{ accepted: number; duplicates: number }>(
    'select accepted, duplicates from stage_upload($1, $2, $3, $4)',
    [batchId, distinctRecords, dateOrNull(firstTimeMs), dateOrNull(lastTimeMs)],
  );
  const { accepted, duplicates } = staged.rows[0]!;
  return { batchId, replayed, status: 'staged', accepted, duplicates };
}

/** Converts epoch ms to a Date, or NaN (the span of a batch without records) to null. */
function dateOrNull(epochMs: number): Date | null {
  return Number.isNaN(epochMs) ? null : new Date(epochMs);
}

/** Rows written by a COPY into the staging table, as PostgreSQL counted them, and their summary. */
export interface CopiedRows {
  rows: number;
  summary: StagingSummary;
}

/**
 * Write records into `upload_staging` with `COPY … FROM STDIN (FORMAT binary)` and return how
 * many rows PostgreSQL took. `table` names another table with the same columns instead
 * (benchmarks use one); it must be a plain lower-case identifier. With `summary`, each record
 * is added to it as it is encoded.
 */
export async function copyToStaging(
  client: pg.PoolClient | pg.Client,
  batchId: string,
  records: Iterable<{ index: number; record: CanonicalRecord }>,
  table = 'upload_staging',
  summary?: StagingSummaryBuilder,
): Promise<number> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) {
    throw new Error(`invalid table name ${JSON.stringify(table)}: use a-z, 0-9 and _`);
  }
  const sql = `copy ${table} (${STAGING_COLUMN_NAMES.join(', ')}) from stdin (format binary)`;
  const sink = client.query(copyStreams.from(sql));
  // One array is refilled for every record: the encoder writes each row before the next.
  const rows = (function* () {
    const row: CopyValue[] = [];
    for (const { index, record } of records) {
      summary?.add(record);
      yield stagingRow(batchId, index, record, row);
    }
  })();
  const chunks = encodeCopyBinary(STAGING_COLUMN_TYPES, rows, {
    columnNames: STAGING_COLUMN_NAMES,
  });
  await pipeline(Readable.from(chunks), sink);
  return sink.rowCount;
}

/** Copy rows made by `encodeStagingRows` into `upload_staging`, with the batch ID filled in. */
async function copyEncodedRows(
  client: pg.PoolClient,
  batchId: string,
  rows: EncodedStagingRows,
): Promise<CopiedRows> {
  const sql = `copy upload_staging (${STAGING_COLUMN_NAMES.join(', ')}) from stdin (format binary)`;
  const sink = client.query(copyStreams.from(sql));
  await pipeline(Readable.from([rows.withBatchId(batchId)]), sink);
  return { rows: sink.rowCount, summary: rows.summary };
}

/** The stored state of an upload batch, as `GET /api/v1/uploads/:batchId` reports it. */
export interface UploadReceipt {
  batchId: string;
  patientId: string;
  idempotencyKey: string;
  status: BatchStatus;
  recordCount: number;
  /** As known at receipt while staged; final once merged (see `StagedBatch`). */
  accepted: number | null;
  duplicates: number | null;
  rejected: number;
  rejections: unknown[];
  receivedAt: Date;
  mergedAt: Date | null;
}

/** Read a batch's receipt; null when it does not exist or the caller may not read it. */
export async function readUploadReceipt(
  client: pg.PoolClient,
  batchId: string,
): Promise<UploadReceipt | null> {
  const result = await client.query<{
    batch_id: string;
    patient_id: string;
    idempotency_key: string;
    status: BatchStatus;
    record_count: number;
    accepted: number | null;
    duplicates: number | null;
    rejected: number;
    rejections: unknown[];
    received_at: Date;
    merged_at: Date | null;
  }>('select * from upload_receipt($1)', [batchId]);
  const row = result.rows[0];
  if (!row) return null;
  return {
    batchId: row.batch_id,
    patientId: row.patient_id,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    recordCount: row.record_count,
    accepted: row.accepted,
    duplicates: row.duplicates,
    rejected: row.rejected,
    rejections: row.rejections,
    receivedAt: row.received_at,
    mergedAt: row.merged_at,
  };
}

/** Staged batches waiting for the merger, across all patients. */
export interface IngestBacklog {
  batches: number;
  records: number;
  /** Arrival of the oldest staged batch; null when nothing waits. */
  oldestReceivedAt: Date | null;
}

/** Read the staging backlog; any application role and the API's login role may call it. */
export async function readIngestBacklog(client: pg.PoolClient | pg.Pool): Promise<IngestBacklog> {
  const result = await client.query<{
    batches: string;
    records: string;
    oldest_received_at: Date | null;
  }>('select batches, records, oldest_received_at from ingest_backlog()');
  const row = result.rows[0]!;
  return {
    batches: Number(row.batches),
    records: Number(row.records),
    oldestReceivedAt: row.oldest_received_at,
  };
}
