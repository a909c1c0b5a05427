import { createHash } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type pg from 'pg';
import { checkPlausibility, identityHash, type CanonicalRecord } from '@phoenix/domain';
import {
  IngestBacklogFullError,
  readUploadReceipt,
  stageBatch,
  withCaller,
  type StagedBatch,
} from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError } from '../http/errors.ts';
import { checkShape } from './record-schemas.ts';
import { batchStateSchema, receiptSchema, uploadErrorResponses } from './uploads-schemas.ts';

/** Most records one upload request may carry. */
export const MAX_BATCH_RECORDS = 10_000;

/** Limits of the upload routes. */
export interface UploadOptions {
  /**
   * Staged records waiting for the merger beyond which uploads get 503 with
   * Retry-After; see `StageOptions.maxBacklogRecords`. 1,000,000 by default: about 20 merges
   * of the default size, and about 100 MB of staging rows.
   */
  maxBacklogRecords?: number;
  /** Seconds in Retry-After when the backlog is full; 5 by default. */
  retryAfterSeconds?: number;
}

/** Default bound of the staging backlog, in records. */
export const DEFAULT_MAX_BACKLOG_RECORDS = 1_000_000;

const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

/** A record the API did not store, with the rule it broke. */
export interface Rejection {
  /** Index of the record in the request's `records` array. */
  index: number;
  field: string;
  value: unknown;
  message: string;
}

interface UploadRequest {
  Params: { patientId: string };
  Body: {
    source?: { format?: string; variant?: string; fileName?: string };
    records: unknown[];
  };
}

/**
 * Validate every record of a batch: shape by JSON schema, then the domain's plausibility rules,
 * then the identity hash, which the server recomputes so a client cannot make two different
 * readings collide. Returns the valid records with their indexes, and the rejections.
 */
export function validateBatch(records: unknown[], nowMs = Date.now()) {
  const valid: { index: number; record: CanonicalRecord }[] = [];
  const rejections: Rejection[] = [];
  records.forEach((value, index) => {
    const shape = checkShape(value);
    if (!shape.record) {
      for (const problem of shape.problems) rejections.push({ index, ...problem });
      return;
    }
    const problems = checkPlausibility(shape.record, nowMs);
    if (problems.length === 0 && identityHash(shape.record) !== shape.record.id) {
      problems.push({
        field: '/id',
        value: shape.record.id,
        message: 'id does not match the identity hash of the record; recompute it',
      });
    }
    if (problems.length > 0) {
      for (const problem of problems) rejections.push({ index, ...problem });
      return;
    }
    valid.push({ index, record: shape.record });
  });
  return { valid, rejections };
}

/**
 * `POST /api/v1/patients/:patientId/uploads` stages a batch of canonical records and responds
 * once it is committed; `GET /api/v1/uploads/:batchId` reports the batch's state and counts.
 */
export function uploadRoutes(
  app: FastifyInstance,
  pool: pg.Pool,
  options: UploadOptions = {},
): void {
  const maxBacklogRecords = options.maxBacklogRecords ?? DEFAULT_MAX_BACKLOG_RECORDS;
  const retryAfterSeconds = options.retryAfterSeconds ?? 5;

  app.post<UploadRequest>(
    '/api/v1/patients/:patientId/uploads',
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        summary: 'Store a batch of canonical records for a patient',
        description:
          'Each record is checked on its own: valid records are stored and the rest reported ' +
          'with their index, field and value. The receipt is sent once the valid records are ' +
          'committed to the staging table (status staged); a background merger then stores ' +
          'them in the time-series tables, and GET /api/v1/uploads/{batchId} gives the final ' +
          'counts. The Idempotency-Key header makes retries safe: the same key with the same ' +
          'batch returns the stored receipt and stores nothing twice. When the staging backlog ' +
          'is full the answer is 503 with Retry-After, and nothing is stored.',
        tags: ['uploads'],
        params: {
          type: 'object',
          required: ['patientId'],
          properties: { patientId: { type: 'string', format: 'uuid' } },
        },
        headers: {
          type: 'object',
          required: ['idempotency-key'],
          properties: { 'idempotency-key': { type: 'string' } },
        },
        body: {
          type: 'object',
          required: ['records'],
          additionalProperties: false,
          properties: {
            source: {
              type: 'object',
              additionalProperties: false,
              properties: {
                format: { type: 'string', maxLength: 64 },
                variant: { type: 'string', maxLength: 64 },
                fileName: { type: 'string', maxLength: 500 },
              },
            },
            records: { type: 'array', items: {} },
          },
        },
        response: { 200: receiptSchema, 201: receiptSchema, ...uploadErrorResponses },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const key = request.headers['idempotency-key'] as string;
      if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
        throw new ApiError(
          'INVALID_IDEMPOTENCY_KEY',
          'Idempotency-Key must be 8–200 characters of A–Z, a–z, 0–9, ".", "_", ":" or "-"',
        );
      }
      const { records, source } = request.body;
      if (records.length > MAX_BATCH_RECORDS) {
        throw new ApiError(
          'BATCH_TOO_LARGE',
          `a batch holds at most ${MAX_BATCH_RECORDS} records, this one ${records.length}; split it`,
        );
      }
      if (records.length === 0) {
        throw new ApiError('VALIDATION_FAILED', 'the batch contains no records; send at least one');
      }

      const { valid, rejections } = validateBatch(records);
      if (valid.length === 0) {
        throw new ApiError(
          'VALIDATION_FAILED',
          `none of the ${records.length} records is valid; nothing was stored`,
          rejections.slice(0, 1000),
        );
      }

      const digest = createHash('sha256').update(JSON.stringify(request.body)).digest();
      const { patientId } = request.params;
      const rejectedCount = new Set(rejections.map((rejection) => rejection.index)).size;
      const info = {
        patientId,
        idempotencyKey: key,
        digest,
        sourceFormat: source?.format ?? null,
        sourceFile: source?.fileName ?? null,
        recordCount: records.length,
        rejectedCount,
        rejections,
      };
      const stage = () =>
        withCaller(pool, caller, (client) =>
          stageBatch(client, info, valid, { maxBacklogRecords }),
        );
      const staged = await stage()
        .catch((error: { code?: string }) => {
          // Two requests with one new key race on its unique index; the loser's retry finds
          // the winner's batch and replays its receipt.
          if (error.code === '23505') return stage();
          throw error;
        })
        .catch((error: unknown) => {
          if (!(error instanceof IngestBacklogFullError)) throw error;
          request.log.warn(
            { patientId, backlogRecords: error.backlog.records, maxBacklogRecords },
            'upload rejected: staging backlog full',
          );
          reply.header('retry-after', String(retryAfterSeconds));
          throw new ApiError('INGEST_BACKLOG_FULL', error.message, undefined, { cause: error });
        });
      logStaged(request.log, staged, { patientId, received: records.length, rejectedCount });
      reply.status(staged.replayed ? 200 : 201);
      return {
        batchId: staged.batchId,
        idempotencyKey: key,
        replayed: staged.replayed,
        status: staged.status,
        received: records.length,
        accepted: staged.accepted,
        duplicates: staged.duplicates,
        rejected: rejectedCount,
        rejections,
      };
    },
  );

  app.get<{ Params: { batchId: string } }>(
    '/api/v1/uploads/:batchId',
    {
      schema: {
        summary: 'State and counts of an upload batch',
        description:
          'While status is staged, accepted and duplicates are as known at receipt; once ' +
          'merged they are final. Batches of patients the caller may not read are not found.',
        tags: ['uploads'],
        params: {
          type: 'object',
          required: ['batchId'],
          properties: { batchId: { type: 'string', format: 'uuid' } },
        },
        response: { 200: batchStateSchema, ...uploadErrorResponses },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const receipt = await withCaller(pool, caller, (client) =>
        readUploadReceipt(client, request.params.batchId),
      );
      if (!receipt) throw new ApiError('NOT_FOUND', 'upload batch not found');
      return {
        batchId: receipt.batchId,
        patientId: receipt.patientId,
        idempotencyKey: receipt.idempotencyKey,
        status: receipt.status,
        received: receipt.recordCount,
        accepted: receipt.accepted ?? 0,
        duplicates: receipt.duplicates ?? 0,
        rejected: receipt.rejected,
        rejections: receipt.rejections,
        receivedAt: receipt.receivedAt.toISOString(),
        mergedAt: receipt.mergedAt?.toISOString() ?? null,
      };
    },
  );
}

function logStaged(
  log: FastifyBaseLogger,
  staged: StagedBatch,
  counts: { patientId: string; received: number; rejectedCount: number },
): void {
  log.info(
    {
      batchId: staged.batchId,
      patientId: counts.patientId,
      status: staged.status,
      received: counts.received,
      accepted: staged.accepted,
      duplicates: staged.duplicates,
      rejected: counts.rejectedCount,
      replayed: staged.replayed,
    },
    'upload stored',
  );
}
