import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { checkPlausibility, identityHash, type CanonicalRecord } from '@phoenix/domain';
import { storeBatch, withCaller } from '@phoenix/db';
import { requireCaller } from '../http/caller.ts';
import { ApiError, errorBodySchema } from '../http/errors.ts';
import { checkShape } from './record-schemas.ts';

/** Most records one upload request may carry. */
export const MAX_BATCH_RECORDS = 10_000;

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

/** `POST /api/v1/patients/:patientId/uploads`: store a batch of canonical records. */
export function uploadRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.post<UploadRequest>(
    '/api/v1/patients/:patientId/uploads',
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        summary: 'Store a batch of canonical records for a patient',
        description:
          'Each record is checked on its own: valid records are stored and the rest reported ' +
          'with their index, field and value. The Idempotency-Key header makes retries safe: ' +
          'the same key with the same batch returns the stored receipt and stores nothing twice.',
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
        response: {
          200: receiptSchema,
          201: receiptSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          413: errorBodySchema,
          422: errorBodySchema,
        },
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
      const store = () => withCaller(pool, caller, (client) => storeBatch(client, info, valid));
      const stored = await store().catch((error: { code?: string }) => {
        // Two requests with one new key race on its unique index; the loser's retry finds the
        // winner's batch and replays its receipt.
        if (error.code === '23505') return store();
        throw error;
      });
      request.log.info(
        {
          batchId: stored.batchId,
          patientId,
          received: records.length,
          accepted: stored.accepted,
          duplicates: stored.duplicates,
          rejected: rejectedCount,
          replayed: stored.replayed,
        },
        'upload stored',
      );
      reply.status(stored.replayed ? 200 : 201);
      return {
        batchId: stored.batchId,
        idempotencyKey: key,
        replayed: stored.replayed,
        received: records.length,
        accepted: stored.accepted,
        duplicates: stored.duplicates,
        rejected: rejectedCount,
        rejections,
      };
    },
  );
}

const receiptSchema = {
  type: 'object',
  required: [
    'batchId',
    'idempotencyKey',
    'replayed',
    'received',
    'accepted',
    'duplicates',
    'rejected',
    'rejections',
  ],
  properties: {
    batchId: { type: 'string', format: 'uuid' },
    idempotencyKey: { type: 'string' },
    replayed: {
      type: 'boolean',
      description: 'True when this key was seen before; nothing new was stored.',
    },
    received: { type: 'integer' },
    accepted: { type: 'integer', description: 'Records stored by this batch.' },
    duplicates: {
      type: 'integer',
      description: 'Valid records whose identity was stored already.',
    },
    rejected: { type: 'integer', description: 'Records not stored; rejections lists why.' },
    rejections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'field', 'value', 'message'],
        properties: {
          index: { type: 'integer' },
          field: { type: 'string' },
          value: {},
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
