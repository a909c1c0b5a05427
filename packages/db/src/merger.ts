import type { SqlClient } from './storage.ts';

/** Outcome of one or more merges of staged batches. */
export interface MergeResult {
  batches: number;
  /** Staged records of those batches. */
  records: number;
  /** Records stored as new. */
  accepted: number;
  /** Records whose identity was stored already, by an earlier batch or in the same one. */
  duplicates: number;
}

/** Records one merge transaction takes by default: batches are added while they fit. */
export const DEFAULT_MERGE_RECORDS = 50_000;

/**
 * Merge the oldest staged batches into the time-series tables in one transaction, up to
 * `maxRecords` records (always at least one batch), with `merge_staged`. `client` must have
 * the schema owner's rights (the migration role) and must not be inside a transaction that
 * should stay open, since the merge commits with the statement. Returns zeros when nothing
 * waits.
 */
export async function mergeStaged(
  client: SqlClient,
  maxRecords: number = DEFAULT_MERGE_RECORDS,
): Promise<MergeResult> {
  const result = await client.query('select * from merge_staged($1)', [maxRecords]);
  const row = result.rows[0] as {
    batches: number;
    records: string | number;
    accepted: string | number;
    duplicates: string | number;
  };
  return {
    batches: row.batches,
    records: Number(row.records),
    accepted: Number(row.accepted),
    duplicates: Number(row.duplicates),
  };
}

/**
 * Merge until no staged batch is left or `deadlineMs` (epoch ms) has passed, and return the
 * totals. Batches staged while this runs are merged too.
 */
export async function drainStaging(
  client: SqlClient,
  options: { maxRecords?: number; deadlineMs?: number } = {},
): Promise<MergeResult> {
  const total: MergeResult = { batches: 0, records: 0, accepted: 0, duplicates: 0 };
  for (;;) {
    const merged = await mergeStaged(client, options.maxRecords);
    total.batches += merged.batches;
    total.records += merged.records;
    total.accepted += merged.accepted;
    total.duplicates += merged.duplicates;
    if (merged.batches === 0) return total;
    if (options.deadlineMs !== undefined && Date.now() >= options.deadlineMs) return total;
  }
}
