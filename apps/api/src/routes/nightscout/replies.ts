import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import { fromDatabaseError } from '../../http/errors.ts';

/** Nightscout version whose API these routes serve; clients compare it. */
export const NIGHTSCOUT_VERSION = '15.0.7';
/** API v3 version of that Nightscout release line. */
export const NIGHTSCOUT_API3_VERSION = '3.0.5';

/** Maximum number of documents in one POST. */
export const MAX_POST_DOCUMENTS = 1000;

/** Largest request body of a Nightscout route: 16 MiB, as the uploads route allows. */
const BODY_LIMIT = 16 * 1024 * 1024;

const SECRET_PARAMETERS = /([?&](?:token|secret)=)[^&]*/gi;
const TOKEN_PATH = /(\/authorization\/request\/)[^/?]*/i;

/** Remove the credentials a URL may contain (`token`, `secret`, a token in the path). */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMETERS, '$1[redacted]').replace(TOKEN_PATH, '$1[redacted]');
}

/**
 * Options every Nightscout route shares: hidden from the OpenAPI document (these routes follow
 * Nightscout's protocol, documented in the README), Nightscout's error shape, request logs
 * without credentials from the URL, and a body limit fit for batches of documents.
 */
export const NIGHTSCOUT_ROUTE_OPTIONS: RouteShorthandOptions = {
  schema: { hide: true },
  bodyLimit: BODY_LIMIT,
  errorHandler: nightscoutErrorHandler,
  logSerializers: {
    req: (request: FastifyRequest) => ({
      method: request.method,
      url: redactUrl(request.url),
      remoteAddress: request.ip,
    }),
  },
};

/**
 * Send errors of Nightscout routes in Nightscout's shape, `{ status, message, description? }`,
 * with the request ID. A database rejection (SQLSTATE 42501) is 401, because the credential
 * may not do what it requested.
 */
export function nightscoutErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const known = toNightscoutError(error);
  if (known.status >= 500) {
    // A database error's detail may quote the row it failed on, which can hold health data,
    // so only its SQLSTATE and message are logged.
    const isDatabaseError = typeof (error as { severity?: unknown }).severity === 'string';
    const logged = isDatabaseError ? { code: error.code, message: error.message } : error;
    request.log.error({ err: logged, status: known.status }, 'Nightscout request failed');
  } else {
    request.log.info({ status: known.status }, 'Nightscout request rejected');
  }
  for (const [name, value] of Object.entries(known.headers)) reply.header(name, value);
  return reply.status(known.status).send({
    status: known.status,
    message: known.message,
    ...(known.description ? { description: known.description } : {}),
    requestId: request.id,
  });
}

function toNightscoutError(error: FastifyError): NightscoutError {
  if (error instanceof NightscoutError) return error;
  const database = fromDatabaseError(error);
  if (database?.code === 'PATIENT_NOT_FOUND') {
    return new NightscoutError(401, 'Unauthorized', 'this credential may not do that');
  }
  if (database?.code === 'DATABASE_UNAVAILABLE') {
    return new NightscoutError(503, 'Service Unavailable', database.message, {
      'retry-after': '5',
    });
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new NightscoutError(status, STATUS_CODES[status] ?? 'Bad Request', error.message);
  }
  return new NightscoutError(
    500,
    'Internal Server Error',
    'the request ID identifies it in the logs',
  );
}

/**
 * Return the documents of a request body: one object or an array of them. A JSON text sent
 * with another content type is parsed. Raises a 400 NightscoutError for anything else and a 413 beyond
 * `MAX_POST_DOCUMENTS`.
 */
export function documentsOfBody(body: unknown): unknown[] {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new NightscoutError(400, 'Bad or missing request body', 'the body is not JSON');
    }
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_POST_DOCUMENTS) {
      throw new NightscoutError(
        413,
        'Payload Too Large',
        `send at most ${MAX_POST_DOCUMENTS} documents per request, not ${value.length}`,
      );
    }
    return value;
  }
  if (typeof value === 'object' && value !== null) return [value];
  throw new NightscoutError(400, 'Bad or missing request body', 'send a document or an array');
}

/** Return the body as one document; raises a 400 NightscoutError otherwise. */
export function documentOfBody(body: unknown): Record<string, unknown> {
  const documents = documentsOfBody(body);
  const [only] = documents;
  if (documents.length !== 1 || Array.isArray(body) || typeof only !== 'object' || only === null) {
    throw new NightscoutError(400, 'Bad or missing request body', 'send exactly one document');
  }
  return only as Record<string, unknown>;
}
