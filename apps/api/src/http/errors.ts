/**
 * Catalogue of API error codes. Each code has one HTTP status, and every error response has the
 * shape `{ error: { code, message, requestId, details? } }`.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  INVALID_RANGE: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  NOT_AUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PATIENT_NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  IDEMPOTENCY_KEY_REUSED: 409,
  USERNAME_TAKEN: 409,
  LAST_ADMIN: 409,
  PAYLOAD_TOO_LARGE: 413,
  BATCH_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  DATABASE_UNAVAILABLE: 503,
  IDENTITY_PROVIDER_UNAVAILABLE: 503,
  INGEST_BACKLOG_FULL: 503,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error the API reports to the client with a code from the catalogue. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.statusCode = ERROR_CODES[code];
  }
}

/** JSON schema of the error body, for the OpenAPI document. */
export const errorBodySchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        details: { type: 'array', items: {} },
      },
    },
  },
} as const;

/**
 * Map a PostgreSQL error to an API error by its SQLSTATE, never by its message text. Returns
 * null for errors that stay internal.
 */
export function fromDatabaseError(error: unknown): ApiError | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code === '42501') {
    // Not allowed and not there look the same, so IDs of other patients cannot be probed.
    return new ApiError('PATIENT_NOT_FOUND', 'patient not found', undefined, { cause: error });
  }
  if (code === 'PA409') {
    return new ApiError(
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used for a batch with other content; send a new key',
      undefined,
      { cause: error },
    );
  }
  if (code === 'PA410') {
    return new ApiError(
      'LAST_ADMIN',
      'this user is the last admin, so it cannot be demoted or deleted; make another user admin first',
      undefined,
      { cause: error },
    );
  }
  if (code.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300') {
    return new ApiError(
      'DATABASE_UNAVAILABLE',
      'the database is unavailable; retry later',
      undefined,
      { cause: error },
    );
  }
  return null;
}
