// This module is also bundled into the upload worker, so it imports no database client.
import type pg from 'pg';

/** Origin of rejected records: the upload API or a Nightscout site. */
export type RejectionSource = 'upload' | 'nightscout';

/** One reason a record was rejected; `index` names the record within its request. */
export interface RejectedRecordReason {
  index: number;
  /** JSON pointer or member the reason is about; empty when it concerns the whole record. */
  field: string;
  /** Message without the rejected value. */
  message: string;
}

/** Rejections of one reason, as `count_rejections` adds them. */
export interface RejectionReasonCount {
  field: string;
  message: string;
  /** Rejections with this reason. */
  rejections: number;
  /** Records whose first reason is this one, so that the sum over reasons counts each record once. */
  records: number;
}

/**
 * Count rejections by field and message, in order of first appearance. Each record (by
 * `index`) adds to `records` once, at its first reason in `reasons`.
 */
export function countRejectionReasons(
  reasons: readonly RejectedRecordReason[],
): RejectionReasonCount[] {
  const counts = new Map<string, RejectionReasonCount>();
  const countedRecords = new Set<number>();
  for (const reason of reasons) {
    const key = JSON.stringify([reason.field, reason.message]);
    let count = counts.get(key);
    if (!count) {
      count = { field: reason.field, message: reason.message, rejections: 0, records: 0 };
      counts.set(key, count);
    }
    count.rejections += 1;
    if (!countedRecords.has(reason.index)) {
      countedRecords.add(reason.index);
      count.records += 1;
    }
  }
  return [...counts.values()];
}

/**
 * Add rejections that no upload batch keeps (an upload rejected as a whole, a Nightscout
 * document that gave no record) to the patient's counts of the current hour, which the
 * engineering overview reads. Stores no values. Does nothing for an empty list, and raises
 * SQLSTATE 42501 when the caller may not upload for the patient.
 */
export async function countRejections(
  client: pg.PoolClient,
  patientId: string,
  source: RejectionSource,
  counts: readonly RejectionReasonCount[],
): Promise<void> {
  if (counts.length === 0) return;
  await client.query('select count_rejections($1, $2, $3)', [
    patientId,
    source,
    JSON.stringify(counts),
  ]);
}
