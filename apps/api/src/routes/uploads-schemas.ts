import { errorBodySchema } from '../http/errors.ts';

const statusProperty = {
  type: 'string',
  enum: ['staged', 'merged'],
  description:
    'staged: committed to the staging table and acknowledged, waiting for the merger; ' +
    'merged: stored in the time-series tables, with final counts.',
} as const;

const rejectionsProperty = {
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
} as const;

/** JSON schema of the receipt returned for an upload. */
export const receiptSchema = {
  type: 'object',
  required: [
    'batchId',
    'idempotencyKey',
    'replayed',
    'status',
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
    status: statusProperty,
    received: { type: 'integer', description: 'Records in the request.' },
    accepted: {
      type: 'integer',
      description:
        'Valid records this batch adds. While staged, as known at receipt; final once merged ' +
        '(GET /api/v1/uploads/{batchId}).',
    },
    duplicates: {
      type: 'integer',
      description:
        'Valid records stored already. While staged, those repeated inside the batch or ' +
        'merged before it arrived; once merged, also those that a batch received earlier ' +
        'and merged first holds.',
    },
    rejected: { type: 'integer', description: 'Records not stored; rejections lists why.' },
    rejections: rejectionsProperty,
  },
} as const;

/** JSON schema of `GET /api/v1/uploads/:batchId`. */
export const batchStateSchema = {
  type: 'object',
  required: [
    'batchId',
    'patientId',
    'idempotencyKey',
    'status',
    'received',
    'accepted',
    'duplicates',
    'rejected',
    'rejections',
    'receivedAt',
    'mergedAt',
  ],
  properties: {
    batchId: { type: 'string', format: 'uuid' },
    patientId: { type: 'string', format: 'uuid' },
    idempotencyKey: { type: 'string' },
    status: statusProperty,
    received: { type: 'integer' },
    accepted: receiptSchema.properties.accepted,
    duplicates: receiptSchema.properties.duplicates,
    rejected: { type: 'integer' },
    rejections: rejectionsProperty,
    receivedAt: { type: 'string', format: 'date-time' },
    mergedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** Error responses of the upload routes. */
export const uploadErrorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  413: errorBodySchema,
  422: errorBodySchema,
  503: errorBodySchema,
} as const;
