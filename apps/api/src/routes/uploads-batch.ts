import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import {
  checkPlausibility,
  findNul,
  identityHash,
  instantMillis,
  NUL_MESSAGE,
  withoutNul,
  type CanonicalRecord,
} from '@phoenix/domain';
// The ingest-rows module alone, because this module also runs in the upload worker, whose
// bundle must not take in the database client.
import { encodeStagingRows, type EncodedStagingRows } from '@phoenix/db/ingest-rows';
import { countRejectionReasons, type RejectionReasonCount } from '@phoenix/db/rejection-counts';
import { ApiError } from '../http/errors.ts';
import { decodeJsonText } from '../http/json-text.ts';
import { checkShape, describeError, summariseValue } from './record-schemas.ts';

/** Most records one upload request may carry. */
export const MAX_BATCH_RECORDS = 10_000;

/**
 * VALIDATION_FAILED for a batch none of whose records is valid. `details` lists at most 1,000
 * rejections, while `reasons` counts all of them by field and message, for the engineering
 * overview.
 */
export class BatchRejectedError extends ApiError {
  override name = 'BatchRejectedError';

  constructor(
    message: string,
    details: Rejection[],
    readonly reasons: RejectionReasonCount[],
  ) {
    super('VALIDATION_FAILED', message, details);
  }
}

/** A record the API did not store, with the rule it broke. */
export interface Rejection {
  /** Index of the record in the request's `records` array. */
  index: number;
  field: string;
  value: unknown;
  message: string;
}

/**
 * JSON schema of an upload request's body: the records, each checked on its own later, and
 * where they came from. It is both the OpenAPI description and the check of `readUploadBody`.
 */
export const uploadBodySchema = Type.Object(
  {
    source: Type.Optional(
      Type.Object(
        {
          format: Type.Optional(Type.String({ maxLength: 64 })),
          variant: Type.Optional(Type.String({ maxLength: 64 })),
          fileName: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
    ),
    records: Type.Array(Type.Unknown()),
  },
  { additionalProperties: false },
);

/** Body of an upload request, as its JSON schema admits it. */
export type UploadBody = Static<typeof uploadBodySchema>;

/** Most JSON objects and arrays an upload body may contain: 50 per record of a full batch. */
export const MAX_BODY_CONTAINERS = 500_000;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** Counts the occurrences of `byte` in `buffer`, stopping once the count passes `limit`. */
function countByte(buffer: Buffer, byte: number, limit: number): number {
  let count = 0;
  let index = buffer.indexOf(byte);
  while (index !== -1 && count <= limit) {
    count += 1;
    index = buffer.indexOf(byte, index + 1);
  }
  return count;
}

/** Message of the error for an upload without a body. */
export const EMPTY_BODY_MESSAGE =
  'the request body is empty; send a JSON object with a records array';

const uploadBodyChecker = TypeCompiler.Compile(uploadBodySchema);

/**
 * Parse an upload request's body from its bytes, skipping a leading UTF-8 byte order mark, and
 * check it against `uploadBodySchema`. Raises ApiError VALIDATION_FAILED for an empty body,
 * malformed JSON (with the parser's message, which names the token) and a body of another
 * shape, naming each field that failed (at most ten).
 */
export function readUploadBody(bytes: Uint8Array): UploadBody {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Each JSON object or array costs its own allocation once parsed, so a body of millions of
  // tiny ones ({"records":[[],[],…]}) would take gigabytes. They are counted (braces inside
  // strings too) before parsing, in about 0.4 ms for 5 MB.
  const containers =
    countByte(buffer, OPEN_BRACE, MAX_BODY_CONTAINERS) +
    countByte(buffer, OPEN_BRACKET, MAX_BODY_CONTAINERS);
  if (containers > MAX_BODY_CONTAINERS) {
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `the body contains more than ${MAX_BODY_CONTAINERS} JSON objects and arrays, far more ` +
        `than ${MAX_BATCH_RECORDS} records need; split it`,
    );
  }
  const text = decodeJsonText(buffer);
  if (text.trim().length === 0) {
    throw new ApiError('VALIDATION_FAILED', EMPTY_BODY_MESSAGE);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError('VALIDATION_FAILED', `invalid JSON body: ${(error as Error).message}`);
  }
  if (uploadBodyChecker.Check(body)) {
    for (const [key, value] of Object.entries(body.source ?? {})) {
      if (typeof value === 'string' && value.includes('\0')) {
        const field = `body/source/${key}`;
        throw new ApiError('VALIDATION_FAILED', `invalid request: ${field}: ${NUL_MESSAGE}`, [
          { field, value: summariseValue(value), message: NUL_MESSAGE },
        ]);
      }
    }
    return body;
  }

  const details: { field: string; value: unknown; message: string }[] = [];
  for (const error of uploadBodyChecker.Errors(body)) {
    const field = `body${error.path}`;
    // TypeBox reports a missing field twice (required, then of the wrong type); one is enough.
    if (details.some((detail) => detail.field === field)) continue;
    let message = describeError(error);
    if (error.type === ValueErrorType.ObjectAdditionalProperties) {
      message = error.path.startsWith('/source/')
        ? 'unknown field; source takes format, variant and fileName'
        : 'unknown field; the body takes source and records';
    }
    details.push({ field, value: summariseValue(error.value), message });
    if (details.length === 10) break;
  }
  const first = details[0]!;
  throw new ApiError(
    'VALIDATION_FAILED',
    `invalid request: ${first.field}: ${first.message}`,
    details,
  );
}

/** An upload checked and encoded for staging; it no longer refers to the request body. */
export interface PreparedBatch {
  /** Records in the request. */
  received: number;
  /** Staging rows of the valid records. */
  rows: EncodedStagingRows;
  rejections: Rejection[];
  /** Records with at least one rejection. */
  rejectedCount: number;
  /** SHA-256 of the request body's bytes. A retry with the same key must send the same bytes. */
  digest: Buffer;
  sourceFormat: string | null;
  sourceFile: string | null;
}

/**
 * Validate every record of a batch: shape by JSON schema, then the domain's plausibility rules,
 * then the identity hash, which the server recomputes so a client cannot make two different
 * readings collide, then (unless `scanForNul` is false) that no text contains U+0000, which
 * PostgreSQL cannot store. Returns the valid records with their indexes, and the rejections.
 */
export function validateBatch(records: unknown[], nowMs = Date.now(), scanForNul = true) {
  const valid: { index: number; record: CanonicalRecord; timeMs: number }[] = [];
  const rejections: Rejection[] = [];
  for (let index = 0; index < records.length; index += 1) {
    const shape = checkShape(records[index]);
    if (!shape.record) {
      for (const problem of shape.problems) rejections.push(rejection(index, problem));
      continue;
    }
    const problems = checkPlausibility(shape.record, nowMs);
    // A plausible record's time is a valid instant, read once for the hash and the row.
    const timeMs = problems.length === 0 ? instantMillis(shape.record.time) : Number.NaN;
    if (problems.length === 0 && identityHash(shape.record, timeMs) !== shape.record.id) {
      problems.push({
        field: '/id',
        value: shape.record.id,
        message: 'id does not match the identity hash of the record; recompute it',
      });
    }
    if (problems.length === 0 && scanForNul) {
      const nul = findNul(shape.record);
      if (nul) {
        problems.push({ field: nul.field, value: summariseValue(nul.value), message: NUL_MESSAGE });
      }
    }
    if (problems.length > 0) {
      for (const problem of problems) rejections.push(rejection(index, problem));
      continue;
    }
    valid.push({ index, record: shape.record, timeMs });
  }
  return { valid, rejections };
}

/**
 * Check an upload body and encode its valid records for the staging table. A record whose
 * values pass validation but do not fit a staging column (a source line beyond 32 bits, NUL
 * in a text) is rejected like any other. Raises ApiError BATCH_TOO_LARGE above
 * MAX_BATCH_RECORDS records, VALIDATION_FAILED when the batch is empty, and BatchRejectedError
 * when no record is valid.
 * `digest` is the SHA-256 of the body's bytes as received. The rows are encoded into
 * `options.output` when they fit there.
 */
export function prepareBatch(
  body: UploadBody,
  digest: Buffer,
  nowMs = Date.now(),
  options: { scanForNul?: boolean; output?: Buffer } = {},
): PreparedBatch {
  const { records, source } = body;
  if (records.length > MAX_BATCH_RECORDS) {
    throw new ApiError(
      'BATCH_TOO_LARGE',
      `a batch holds at most ${MAX_BATCH_RECORDS} records, this one ${records.length}; split it`,
    );
  }
  if (records.length === 0) {
    throw new ApiError('VALIDATION_FAILED', 'the batch contains no records; send at least one');
  }

  const { valid, rejections } = validateBatch(records, nowMs, options.scanForNul ?? true);
  const validationRejections = rejections.length;
  const rows = encodeStagingRows(
    valid,
    (error) => {
      const value = summariseValue(valueAt(records[error.index], error.field));
      rejections.push({ index: error.index, field: error.field, value, message: error.message });
    },
    options.output,
  );
  if (rejections.length > validationRejections) {
    // Encoding failures were added after every validation failure, so the list is sorted back
    // into record order. The sort is stable.
    rejections.sort((a, b) => a.index - b.index);
  }
  if (rows.count === 0) {
    throw new BatchRejectedError(
      `none of the ${records.length} records is valid; nothing was stored`,
      rejections.slice(0, 1000),
      countRejectionReasons(rejections),
    );
  }
  return {
    received: records.length,
    rows,
    rejections,
    rejectedCount: new Set(rejections.map((rejection) => rejection.index)).size,
    digest,
    sourceFormat: source?.format ?? null,
    sourceFile: source?.fileName ?? null,
  };
}

/**
 * Builds the rejection of record `index`. Receipts are stored as jsonb, which cannot hold
 * U+0000, so a NUL in the field's path or in a text value becomes the NUL symbol U+2400.
 */
function rejection(index: number, problem: Omit<Rejection, 'index'>): Rejection {
  const { field, value } = problem;
  return {
    index,
    ...problem,
    field: withoutNul(field),
    value: typeof value === 'string' ? withoutNul(value) : value,
  };
}

/**
 * True when the JSON text may contain U+0000. JSON writes it only as the escape `\u0000`, so
 * a body without that sequence needs no scan of its records.
 */
export function mayContainNul(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('\\u0000');
}

/** Returns the value at a JSON pointer of plain keys (`/origin/line`), or undefined. */
function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const key of pointer.split('/').slice(1)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
