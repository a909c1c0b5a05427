import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, fromDatabaseError, type ErrorCode } from './errors.ts';

const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
/** A date-time whose UTC offset lost its "+" in a query string: `2024-05-01T08:00:00 03:00`. */
const SPACE_FOR_PLUS = /\d \d\d:?\d\d$/;

/** Install the handlers that give every error and unknown route the catalogue's JSON shape. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = toApiError(error, request.query);
    if (apiError.statusCode >= 500) {
      request.log.error({ err: error, code: apiError.code }, 'request failed');
    } else {
      request.log.info({ code: apiError.code }, 'request rejected');
    }
    if (
      apiError.code === 'DATABASE_UNAVAILABLE' ||
      apiError.code === 'IDENTITY_PROVIDER_UNAVAILABLE'
    ) {
      reply.header('retry-after', '5');
    }
    return reply.status(apiError.statusCode).send({
      error: {
        code: apiError.code,
        message: apiError.message,
        requestId: request.id,
        ...(apiError.details ? { details: apiError.details } : {}),
      },
    });
  });

  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `no route for ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      },
    });
  });
}

function toApiError(error: FastifyError, query: unknown): ApiError {
  if (error instanceof ApiError) return error;

  const database = fromDatabaseError(error);
  if (database) return database;
  if (NETWORK_ERRORS.has(error.code)) {
    return new ApiError('DATABASE_UNAVAILABLE', 'the database is unavailable; retry later');
  }

  if (error.validation) {
    let hint = '';
    let summary = error.message;
    const details = error.validation.map((issue) => {
      let message = issue.message ?? 'invalid';
      const unknown = issue.params['additionalProperty'];
      if (issue.keyword === 'additionalProperties' && typeof unknown === 'string') {
        message =
          error.validationContext === 'querystring'
            ? `unknown parameter ${unknown}; remove it or check its spelling`
            : `unknown field ${unknown}; remove it or check its spelling`;
        summary = message;
      }
      if (error.validationContext === 'querystring' && issue.params['format'] === 'date-time') {
        const name = issue.instancePath.slice(1);
        const value = (query as Record<string, unknown> | null)?.[name];
        // A "+" in a query string means a space, so an offset such as +03:00 typed as it is
        // arrives as " 03:00" and fails as a date-time.
        if (typeof value === 'string' && SPACE_FOR_PLUS.test(value)) {
          hint = '; write the + of a UTC offset as %2B in a URL';
          message += hint;
        }
      }
      return { field: `${error.validationContext ?? 'body'}${issue.instancePath}`, message };
    });
    return new ApiError('VALIDATION_FAILED', `invalid request: ${summary}${hint}`, details);
  }

  const byFastifyCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
    FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      'the request body must be JSON; send it with Content-Type: application/json',
    );
  }
  const mapped = byFastifyCode[error.code];
  if (mapped) return new ApiError(mapped, error.message);
  if (error.statusCode === 400 || (error instanceof SyntaxError && error.statusCode)) {
    return new ApiError('VALIDATION_FAILED', `invalid request: ${error.message}`);
  }
  return new ApiError(
    'INTERNAL_ERROR',
    'internal error; the request ID identifies it in the logs',
    undefined,
    {
      cause: error,
    },
  );
}
