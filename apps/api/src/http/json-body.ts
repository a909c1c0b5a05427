import { hash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BRIDGE_HEADERS } from '@phoenix/domain';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * SHA-256 of the body's bytes as received, for requests with bridge headers (bridges sign
     * it) and for routes whose config sets `rawJsonBody`.
     */
    bodyDigest?: Buffer;
  }

  interface FastifyContextConfig {
    /**
     * Hand the route the JSON body's bytes as a Buffer, unparsed, with their digest in
     * `request.bodyDigest`; the route parses and checks the body itself. Such a route must not
     * declare a body schema for Fastify to validate.
     */
    rawJsonBody?: boolean;
  }
}

/**
 * Parse `application/json` bodies with JSON.parse. Malformed JSON gets ApiError
 * VALIDATION_FAILED, and an empty body parses to undefined. The body's SHA-256 is kept for
 * requests with bridge headers, which a signature check needs, so that their text, up to
 * 16 MB, need not be kept.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  // Every route with a body takes JSON. Fastify's own text/plain parser would hand the route a
  // string, which its schema rejects with 400. Without that parser the client gets 415.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    const raw = request.routeOptions.config.rawJsonBody === true;
    if (raw || request.headers[BRIDGE_HEADERS.id] !== undefined) {
      request.bodyDigest = hash('sha256', bytes, 'buffer');
    }
    if (raw) {
      done(null, bytes);
      return;
    }
    const text = bytes.toString('utf8');
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
