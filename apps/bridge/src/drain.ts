import type { CanonicalRecord } from '@phoenix/domain';
import type { Outbox } from './outbox.ts';
import { appendRefused } from './refused.ts';
import { uploadRecords, type UploadOptions, type UploadTarget } from './upload.ts';

/** A record the API rejected in its receipt, with the field and value it named. */
export interface RejectedRecord {
  /** The record as sent; undefined when the receipt's index is outside the batch. */
  record: CanonicalRecord | undefined;
  field: string;
  value: unknown;
  message: string;
}

/** Outcome of draining the outbox. */
export interface DrainResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** The rejected records, one entry per rejection in the receipts. */
  rejections: RejectedRecord[];
  /** Records the API refused as a whole batch (4xx), moved to `outbox.refused.ndjson`. */
  refused: number;
  /** The API's error for each refused batch, with the count of its records. */
  refusals: { records: number; error: string | null }[];
  /**
   * Records of batches the API had stored before, sent again after a crash. Their receipts are
   * replays, so they do not count as accepted, duplicates or rejected.
   */
  alreadyStored: number;
  /** IDs of the new batches whose receipt came before the merge, so their counts may change. */
  stagedBatchIds: string[];
  /** Records still in the outbox, because the API could not be reached. */
  remaining: number;
  error: string | null;
}

/**
 * Upload the outbox's records in batches until it is empty or the API stays unreachable. A
 * batch is acknowledged only after the API's receipt, so records are sent again after a crash,
 * and the batch's idempotency key makes the API store them once. A batch the API refuses
 * outright (4xx) would block the queue forever, so its records move to
 * `outbox.refused.ndjson` in the state folder with the error, and draining goes on.
 */
export async function drainOutbox(
  outbox: Outbox,
  stateDir: string,
  target: UploadTarget,
  options: UploadOptions & { batchSize?: number } = {},
): Promise<DrainResult> {
  const batchSize = options.batchSize ?? 5000;
  const result: DrainResult = {
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    rejections: [],
    refused: 0,
    refusals: [],
    alreadyStored: 0,
    stagedBatchIds: [],
    remaining: 0,
    error: null,
  };

  for (;;) {
    const { records, upTo } = outbox.pending(batchSize);
    if (records.length === 0) break;

    const upload = await uploadRecords(target, records, { ...options, batchSize: records.length });
    const batch = upload.batches[0]!;
    if (batch.receipt?.replayed) {
      result.alreadyStored += batch.receipt.received;
      outbox.acknowledge(upTo);
      continue;
    }
    if (batch.receipt) {
      result.accepted += batch.receipt.accepted;
      result.duplicates += batch.receipt.duplicates;
      result.rejected += batch.receipt.rejected;
      result.stagedBatchIds.push(...upload.stagedBatchIds);
      for (const { index, field, value, message } of batch.receipt.rejections) {
        result.rejections.push({ record: records[index], field, value, message });
      }
      outbox.acknowledge(upTo);
      continue;
    }
    if (batch.permanent) {
      appendRefused(stateDir, records, batch.error);
      result.refused += records.length;
      result.refusals.push({ records: records.length, error: batch.error });
      outbox.acknowledge(upTo);
      continue;
    }
    result.error = batch.error;
    break;
  }
  result.remaining = outbox.depth();
  return result;
}
