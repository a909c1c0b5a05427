import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  countRejections,
  IngestBacklogFullError,
  readUploadReceipt,
  stageBatch,
  withCaller,
  type Caller,
  type StagedBatch,
} from '@phoenix/db';
import { BRIDGE_HEADERS } from '@phoenix/domain';
import { requireCaller } from '../http/caller.ts';
import { ApiError } from '../http/errors.ts';
import { UploadPreparer } from './upload-preparer.ts';
import { Permits, UploadSlots } from './upload-slots.ts';
import { RECORD_SCHEMAS } from './record-schemas.ts';
import {
  BatchRejectedError,
  EMPTY_BODY_MESSAGE,
  MAX_BATCH_RECORDS,
  uploadBodySchema,
} from './uploads-batch.ts';
import { batchStateSchema, receiptSchema, uploadErrorResponses } from './uploads-schemas.ts';

export { MAX_BATCH_RECORDS, validateBatch, type Rejection } from './uploads-batch.ts';

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
  /**
   * Uploads read and checked at the same time, and as many stored at the same time; later ones
   * wait, in order, with their bodies unread. 2 by default, so that one upload's body is parsed
   * while another waits on the database. An upload leaves the first group once it may store.
   * Memory for uploads is then bounded by this number times the largest body (16 MB) and its
   * parsed form on a worker thread. We estimate the parsed form at five times the body's size
   * for canonical records. Twice this number of encoded batches come on top.
   */
  maxConcurrentUploads?: number;
  /**
   * Worker threads that parse and check upload bodies (see `UploadPreparer`); as many as
   * `maxConcurrentUploads` by default, and never more.
   */
  preparerThreads?: number;
}

/**
 * The upload body as the OpenAPI document shows it: `uploadBodySchema`, with each record type's
 * schema, which the worker checks record by record after the body's shape.
 */
const documentedBody = {
  ...uploadBodySchema,
  properties: {
    ...uploadBodySchema.properties,
    records: {
      type: 'array',
      maxItems: MAX_BATCH_RECORDS,
      items: { oneOf: RECORD_SCHEMAS },
      description:
        'Canonical records; each is checked on its own, and the invalid ones are reported ' +
        'in the receipt while the rest are stored.',
    },
  },
};

/** Default bound of the staging backlog, in records. */
export const DEFAULT_MAX_BACKLOG_RECORDS = 1_000_000;

const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

interface UploadRequest {
  Params: { patientId: string };
  /** The body's bytes: the route parses and checks them on the upload worker. */
  Body: Buffer;
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
  const maxConcurrentUploads = options.maxConcurrentUploads ?? 2;
  const slots = new UploadSlots(maxConcurrentUploads);
  // A parsed upload gives its slot back once it may store, so that the next body is parsed
  // while the database stores this one. As many uploads may store at the same time.
  const storing = new Permits(maxConcurrentUploads);
  // More threads than admitted uploads would never all be busy.
  const preparer = new UploadPreparer({
    threads: Math.min(options.preparerThreads ?? maxConcurrentUploads, maxConcurrentUploads),
  });
  app.addHook('onClose', () => preparer.close());

  app.post<UploadRequest>(
    '/api/v1/patients/:patientId/uploads',
    {
      bodyLimit: 16 * 1024 * 1024,
      // The body reaches the handler as bytes, so that the upload worker parses it. Fastify
      // therefore validates no body schema, and the OpenAPI document gets it here.
      config: {
        rawJsonBody: true,
        swaggerTransform: ({ schema, url }) => ({
          schema: { ...schema, body: documentedBody },
          url,
        }),
      },
      // A request that cannot be from a signed-in user or a bridge is rejected before it may
      // wait for a slot, so that anonymous connections cannot hold the slots. A bridge's
      // signature covers the body, so it is checked only once the body is read.
      onRequest: async (request, reply) => {
        if (!request.caller && request.headers[BRIDGE_HEADERS.id] === undefined) {
          requireCaller(request);
        }
        await slots.admit(request, reply);
      },
      schema: {
        summary: 'Store a batch of canonical records for a patient',
        description:
          'Each record is checked on its own: valid records are stored and the rest reported ' +
          'with their index, field and value. A record with a field its type does not define ' +
          'is rejected, except a cbg reading, which stores only its own fields. The receipt ' +
          'is sent once the valid records are committed to the staging table (status staged); ' +
          'a background merger then stores them in the time-series tables, and ' +
          'GET /api/v1/uploads/{batchId} gives the final ' +
          'counts. The Idempotency-Key header makes retries safe: the same key with the same ' +
          'body, byte for byte, returns the stored receipt and stores nothing twice. When the ' +
          'staging backlog is full the answer is 503 with Retry-After, and nothing is stored. ' +
          'The API reads and stores a bounded number of uploads at a time (2 by default); ' +
          'later ones wait in order of arrival.',
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
      // Without a body (no Content-Type) the JSON parser did not run.
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes) || !request.bodyDigest) {
        throw new ApiError('VALIDATION_FAILED', EMPTY_BODY_MESSAGE);
      }
      releaseBody(request);
      const { patientId } = request.params;
      const batch = await preparer.prepare(bytes, request.bodyDigest, Date.now()).then(
        (prepared) => {
          request.returnBody?.();
          return prepared;
        },
        async (error: unknown) => {
          // A worker that failed may not have let go of the body, so its memory is not reused.
          if (error instanceof ApiError) request.returnBody?.();
          if (error instanceof BatchRejectedError) {
            await countRejectedBatch(pool, caller, request.log, patientId, error);
          }
          throw error;
        },
      );

      const { rejections, rejectedCount } = batch;
      const info = {
        patientId,
        idempotencyKey: key,
        digest: batch.digest,
        sourceFormat: batch.sourceFormat,
        sourceFile: batch.sourceFile,
        recordCount: batch.received,
        rejectedCount,
        rejections,
      };
      const stage = () =>
        withCaller(pool, caller, (client) =>
          stageBatch(client, info, batch.rows, { maxBacklogRecords }),
        );
      const doneStoring = await storing.acquire();
      slots.leave(request);
      const staged = await stage()
        .catch((error: { code?: string }) => {
          // Two requests with one new key race on its unique index; the loser's retry finds
          // the winner's batch and replays its receipt.
          if (error.code === '23505') return stage();
          throw error;
        })
        .finally(doneStoring)
        .catch((error: unknown) => {
          if (!(error instanceof IngestBacklogFullError)) throw error;
          request.log.warn(
            { patientId, backlogRecords: error.backlog.records, maxBacklogRecords },
            'upload rejected: staging backlog full',
          );
          reply.header('retry-after', String(retryAfterSeconds));
          throw new ApiError('INGEST_BACKLOG_FULL', error.message, undefined, { cause: error });
        });
      // The COPY has ended, so nothing reads the encoded rows any more. After a failure they
      // are not reused, in case a write of them was still queued on the connection.
      preparer.recycle(batch);
      logStaged(request.log, staged, { patientId, received: batch.received, rejectedCount });
      reply.status(staged.replayed ? 200 : 201);
      return {
        batchId: staged.batchId,
        idempotencyKey: key,
        replayed: staged.replayed,
        status: staged.status,
        received: batch.received,
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

/**
 * Drops the request's reference to its body (up to 16 MB), whose memory moves to the upload
 * worker, so that nothing keeps the emptied buffer.
 */
function releaseBody(request: FastifyRequest): void {
  (request as { body: unknown }).body = undefined;
}

/**
 * Counts the rejections of an upload without a valid record for the engineering overview,
 * because no batch is stored to keep them, and logs their counts at warn level. A
 * failure to count is logged, and the client still gets its 400.
 */
async function countRejectedBatch(
  pool: pg.Pool,
  caller: Caller,
  log: FastifyBaseLogger,
  patientId: string,
  error: BatchRejectedError,
): Promise<void> {
  // Only counts: the client got the reasons, and the engineering overview counts them.
  const rejected = error.reasons.reduce((sum, reason) => sum + reason.records, 0);
  const reasons = error.reasons.length;
  log.warn({ patientId, rejected, reasons }, 'upload rejected: no record is valid');
  try {
    await withCaller(pool, caller, (client) =>
      countRejections(client, patientId, 'upload', error.reasons),
    );
  } catch (countError) {
    const { code, message } = countError as { code?: string; message?: string };
    log.warn({ patientId, err: { code, message } }, 'failed to count the rejected upload');
  }
}

/**
 * Logs the receipt of an upload. A replay stored nothing new, so it gets its own message and
 * its counts are those of the stored receipt.
 */
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
    staged.replayed
      ? 'upload replayed: batch already stored, nothing stored again'
      : 'upload stored',
  );
}
