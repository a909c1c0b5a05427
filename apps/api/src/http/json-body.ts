import { hash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BRIDGE_HEADERS } from '@phoenix/domain';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The request body exactly as received, for JSON requests with bridge headers, because
     * bridges sign these bytes. It is dropped once the signature is checked.
     */
    rawBody?: string;
    /** SHA-256 of the body's bytes as received, for routes whose config sets `bodyDigest`. */
    bodyDigest?: Buffer;
  }

  interface FastifyContextConfig {
    /** Hash the JSON body's bytes into `request.bodyDigest` before parsing them. */
    bodyDigest?: boolean;
  }
}

/**
 * Parse `application/json` bodies with JSON.parse. Malformed JSON gets ApiError
 * VALIDATION_FAILED, and an empty body parses to undefined. The text is kept as
 * `request.rawBody` only for requests with bridge headers, since only a signature check needs
 * it and a body may take up to 16 MB.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  // Every route with a body takes JSON. Fastify's own text/plain parser would hand the route a
  // string, which its schema rejects with 400. Without that parser the client gets 415.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (request.routeOptions.config.bodyDigest) {
      request.bodyDigest = hash('sha256', bytes, 'buffer');
    }
    const text = bytes.toString('utf8');
    if (request.headers[BRIDGE_HEADERS.id] !== undefined) request.rawBody = text;
    try {
      done(null, text.length === 0 ? undefined : JSON.parse(text));
    } catch (error) {
      done(
        new ApiError('VALIDATION_FAILED', `invalid JSON body: ${(error as Error).message}`),
        undefined,
      );
    }
  });
}
