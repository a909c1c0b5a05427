import { createHash } from 'node:crypto';
import { describeFetchError } from './network-error.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CanonicalRecord } from '@phoenix/domain';
import type { RequestSigner } from './bridge-state.ts';

/** Receipt the API returns for a batch. */
export interface Receipt {
  batchId: string;
  idempotencyKey: string;
  replayed: boolean;
  /** `staged` until the merger has stored the batch; only a merged batch has final counts. */
  status?: 'staged' | 'merged';
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejections: { index: number; field: string; value: unknown; message: string }[];
}

/** Upload destination: API address, patient and signed-in user. */
export interface UploadTarget {
  /** Base address of the API, for example `http://127.0.0.1:3000`. */
  apiUrl: string;
  patientId: string;
  /** User ID for the development login header; unset when `signer` authenticates. */
  devUser?: string;
  /** Signs each request as a paired bridge. */
  signer?: RequestSigner;
}

export interface UploadOptions {
  /** Records per request; the API takes at most 10,000. */
  batchSize?: number;
  /** Attempts per batch for network errors, 5xx and 429, with exponential backoff. */
  maxAttempts?: number;
  /** First backoff delay in milliseconds; doubles per attempt, with jitter. */
  initialDelayMs?: number;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  source?: { format?: string; variant?: string; fileName?: string };
  /** Called after each batch, for progress output. */
  onBatch?: (batch: BatchOutcome) => void;
  /** Called before each retry. */
  onRetry?: (info: { batch: number; attempt: number; delayMs: number; reason: string }) => void;
}

/** Outcome of one batch: the receipt, or the error that ended it. */
export interface BatchOutcome {
  index: number;
  /** Records of the batch, to map rejections back to file lines. */
  records: CanonicalRecord[];
  receipt: Receipt | null;
  error: string | null;
  /** True when the API refused the batch (4xx other than 429), so retrying cannot help. */
  permanent: boolean;
}

/** Totals of an upload. */
export interface UploadResult {
  batches: BatchOutcome[];
  accepted: number;
  duplicates: number;
  rejected: number;
  failedBatches: number;
  /** Records of batches sent before, whose stored receipt came back; nothing new was stored. */
  replayedRecords: number;
  /** Records not sent because an earlier batch could not reach the API. */
  unsentRecords: number;
  /** IDs of the new batches whose receipt came before the merge, so their counts may change. */
  stagedBatchIds: string[];
}

/** An API response that retrying will not change (4xx other than 429). */
class PermanentError extends Error {}

/**
 * Upload records in batches. Each batch carries an idempotency key derived from the patient
 * and the batch's content, so running the same upload again stores nothing twice and returns
 * the stored receipts. Retries network errors, 5xx and 429 with exponential backoff and jitter,
 * honouring Retry-After; a 4xx ends that batch and the next batch goes on.
 */
export async function uploadRecords(
  target: UploadTarget,
  records: readonly CanonicalRecord[],
  options: UploadOptions = {},
): Promise<UploadResult> {
  const batchSize = options.batchSize ?? 5000;
  const result: UploadResult = {
    batches: [],
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    failedBatches: 0,
    replayedRecords: 0,
    unsentRecords: 0,
    stagedBatchIds: [],
  };

  for (let start = 0, index = 0; start < records.length; start += batchSize, index++) {
    const batch = records.slice(start, start + batchSize);
    const outcome = await uploadBatch(target, batch, index, options);
    result.batches.push(outcome);
    options.onBatch?.(outcome);
    if (outcome.receipt?.replayed) {
      result.replayedRecords += outcome.receipt.received;
    } else if (outcome.receipt) {
      result.accepted += outcome.receipt.accepted;
      result.duplicates += outcome.receipt.duplicates;
      result.rejected += outcome.receipt.rejected;
      if (outcome.receipt.status !== 'merged') result.stagedBatchIds.push(outcome.receipt.batchId);
    } else {
      result.failedBatches += 1;
      // An API that stayed unreachable through every retry will not answer the next batch
      // either; stop rather than spend the same retries on each.
      if (!outcome.permanent) {
        result.unsentRecords = records.length - start - batch.length;
        break;
      }
    }
  }
  return result;
}

/**
 * Returns the note that follows an upload's totals when some receipts came before the merge,
 * or null when every batch was merged. The merger counts a record as a duplicate when a batch
 * received earlier contains it, so accepted counts at receipt can be too high and duplicates too
 * low, for example after an interrupted upload is run again.
 */
export function stagedCountsNote(stagedBatchIds: readonly string[]): string | null {
  if (stagedBatchIds.length === 0) return null;
  const batches =
    stagedBatchIds.length === 1 ? '1 batch was' : `${stagedBatchIds.length} batches were`;
  return (
    `note: accepted and duplicate counts are as of receipt. ${batches} not merged yet, and ` +
    'merging can turn accepted records into duplicates. Final counts: ' +
    `GET /api/v1/uploads/{batchId} for each batch ID in ${stagedBatchIds.join(', ')}`
  );
}

/**
 * Returns the idempotency key of a batch: a digest of the patient, the source sent with the
 * records, if any, and the records' identities. The API returns 409 for a known key with other
 * content, so records sent again with another source, as `resend-refused` does, need a new key.
 */
export function batchKey(
  patientId: string,
  records: readonly CanonicalRecord[],
  source?: UploadOptions['source'],
): string {
  const hash = createHash('sha256').update(patientId);
  if (source !== undefined) hash.update(JSON.stringify(source));
  // An outbox written by an older bridge may hold a record without an id. Such a batch still
  // gets a key, so the API names what is wrong with the record and the drain goes on.
  for (const record of records) {
    const id: unknown = record?.id;
    hash.update(typeof id === 'string' ? id : (JSON.stringify(record) ?? 'null'));
  }
  return `batch-${hash.digest('hex').slice(0, 40)}`;
}

async function uploadBatch(
  target: UploadTarget,
  records: CanonicalRecord[],
  index: number,
  options: UploadOptions,
): Promise<BatchOutcome> {
  const maxAttempts = options.maxAttempts ?? 6;
  const initialDelayMs = options.initialDelayMs ?? 500;
  const key = batchKey(target.patientId, records, options.source);
  const body = JSON.stringify({ source: options.source, records });

  for (let attempt = 1; ; attempt++) {
    try {
      const receipt = await postBatch(target, key, body, options.timeoutMs ?? 60_000);
      return { index, records, receipt, error: null, permanent: false };
    } catch (error) {
      const reason = describeFetchError(error, target.apiUrl);
      const permanent = error instanceof PermanentError;
      if (permanent || attempt >= maxAttempts) {
        return { index, records, receipt: null, error: reason, permanent };
      }
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
      const backoff = initialDelayMs * 2 ** (attempt - 1);
      const delayMs = retryAfterMs ?? Math.round(backoff / 2 + Math.random() * backoff);
      options.onRetry?.({ batch: index, attempt, delayMs, reason });
      await sleep(delayMs);
    }
  }
}

async function postBatch(
  target: UploadTarget,
  key: string,
  body: string,
  timeoutMs: number,
): Promise<Receipt> {
  const url = new URL(
    `/api/v1/patients/${encodeURIComponent(target.patientId)}/uploads`,
    target.apiUrl,
  );
  const auth = target.signer
    ? target.signer('POST', url.pathname + url.search, body)
    : { 'x-dev-user': target.devUser ?? '' };
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': key,
      ...auth,
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (response.ok) return JSON.parse(text) as Receipt;

  const message = errorMessage(response.status, text);
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw Object.assign(new Error(message), {
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    });
  }
  throw new PermanentError(message);
}

function errorMessage(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; requestId?: string };
    };
    if (body.error) {
      return `HTTP ${status} ${body.error.code}: ${body.error.message} (request ${body.error.requestId})`;
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `HTTP ${status}`;
}
