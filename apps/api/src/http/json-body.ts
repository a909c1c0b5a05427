import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BRIDGE_HEADERS } from '@phoenix/domain';
import { SharedBufferPool } from './shared-buffer-pool.ts';
import { ApiError } from './errors.ts';
import { decodeJsonText } from './json-text.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * SHA-256 of the body's bytes as received, for requests with bridge headers (bridges sign
     * it) and for routes whose config sets `rawJsonBody`.
     */
    bodyDigest?: Buffer;
    /**
     * Function that gives the body's memory back for later bodies, on routes whose config sets
     * `rawJsonBody`. Call it once nothing reads the body any more. A second call does nothing.
     */
    returnBody?: () => void;
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
 * Read `application/json` bodies and parse them with JSON.parse, skipping a leading UTF-8 byte
 * order mark. Malformed JSON gets ApiError VALIDATION_FAILED, and an empty body parses to
 * undefined. The SHA-256 of the bytes as sent is kept for requests with bridge headers, which a
 * signature check needs, so that their text, up to 16 MB, need not be kept.
 */
export function installJsonBodyParser(
  app: FastifyInstance,
  options: { bodyIdleMs?: number } = {},
): void {
  const idleMs = options.bodyIdleMs ?? BODY_IDLE_MS;
  const shared = new SharedBufferPool(KEPT_BODY_BUFFERS, KEPT_BODY_BUFFER_BYTES);
  // Every route with a body takes JSON. Fastify's own text/plain parser would hand the route a
  // string, which its schema rejects with 400. Without that parser the client gets 415.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', (request, payload, done) => {
    const unsupported = unsupportedEncoding(request);
    if (unsupported) {
      done(new ApiError('UNSUPPORTED_MEDIA_TYPE', unsupported), undefined);
      return;
    }
    const raw = request.routeOptions.config.rawJsonBody === true;
    const digest =
      raw || request.headers[BRIDGE_HEADERS.id] !== undefined ? createHash('sha256') : null;
    // Raw bodies go to an upload worker, which reads them in place.
    const declared = Number(request.headers['content-length']);
    const pooled =
      raw &&
      Number.isInteger(declared) &&
      declared >= SHARED_BODY_MIN_BYTES &&
      declared <= (request.routeOptions.bodyLimit ?? 0);
    const into = pooled ? shared.take(declared) : null;
    readBody(request, payload, digest, idleMs, into).then(
      (bytes) => {
        if (digest) request.bodyDigest = digest.digest();
        if (raw) {
          if (into) {
            let returned = false;
            request.returnBody = () => {
              if (returned) return;
              returned = true;
              shared.give(into);
            };
          }
          done(null, bytes);
          return;
        }
        let parsed: unknown;
        try {
          const text = decodeJsonText(bytes);
          parsed = text.length === 0 ? undefined : JSON.parse(text);
        } catch (error) {
          const message = `invalid JSON body: ${(error as Error).message}`;
          done(
            error instanceof ApiError ? error : new ApiError('VALIDATION_FAILED', message),
            undefined,
          );
          return;
        }
        done(null, parsed);
      },
      (error: Error) => {
        if (into) shared.give(into);
        done(error, undefined);
      },
    );
  });
}

/**
 * Returns why the API cannot read the body as sent, or null: a Content-Encoding such as gzip,
 * which it does not decompress, or a charset other than UTF-8, the only one JSON allows
 * between systems.
 */
function unsupportedEncoding(request: FastifyRequest): string | null {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    return `Content-Encoding ${encoding} is not supported; send the body uncompressed`;
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '');
  const name = charset?.[1]?.toLowerCase();
  // US-ASCII is a subset of UTF-8, so such a body reads the same.
  if (name && !UTF8_CHARSETS.has(name)) {
    return `charset ${name} is not supported; send JSON as UTF-8`;
  }
  return null;
}

/** Charset names, in lower case, of bodies that read correctly as UTF-8. */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** Raw bodies from this size on are read into shared buffers that are kept for reuse. */
const SHARED_BODY_MIN_BYTES = 256 * 1024;
/** Max number of free shared body buffers kept, and max size of one. Larger ones are freed. */
const KEPT_BODY_BUFFERS = 4;
const KEPT_BODY_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * Read a request body into one buffer, hashing it on the way. With a Content-Length the buffer
 * is allocated once at that size (or is `into`, of that size), so a 16 MB upload is neither
 * gathered in chunks nor copied again. Rejects with ApiError PAYLOAD_TOO_LARGE beyond the
 * route's body limit and VALIDATION_FAILED when the body is shorter or longer than its
 * Content-Length.
 */
function readBody(
  request: FastifyRequest,
  payload: Readable,
  digest: ReturnType<typeof createHash> | null,
  idleMs: number,
  into: Buffer | null = null,
): Promise<Buffer> {
  const limit = request.routeOptions.bodyLimit ?? 1024 * 1024;
  const declared = Number(request.headers['content-length']);
  const tooLarge = () =>
    new ApiError(
      'PAYLOAD_TOO_LARGE',
      `the request body exceeds ${limit} bytes (${formatMegabytes(limit)}); send it in smaller parts`,
    );
  if (declared > limit) return Promise.reject(tooLarge());
  const known = Number.isInteger(declared) && declared >= 0;
  // A client that keeps a request open without sending its body would keep a slot of the
  // upload route, so the body must keep arriving and arrive in time: see bodyDeadlineMs.
  const deadlineMs = bodyDeadlineMs(known ? declared : limit);

  return new Promise((resolve, reject) => {
    let buffer = into ?? Buffer.allocUnsafeSlow(known ? declared : 64 * 1024);
    let received = 0;
    const timedOut = (reason: string) =>
      finish(new ApiError('REQUEST_TIMEOUT', `the request body ${reason}; send it again`));
    const deadline = setTimeout(
      () => timedOut(`did not arrive within ${Math.round(deadlineMs / 1000)} s`),
      deadlineMs,
    );
    const idle = setTimeout(() => timedOut(`stalled for ${idleMs / 1000} s`), idleMs);
    const finish = (error: Error | null) => {
      clearTimeout(deadline);
      clearTimeout(idle);
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
      if (error) {
        reject(error);
        return;
      }
      resolve(received === buffer.length ? buffer : buffer.subarray(0, received));
    };
    const onData = (chunk: Buffer | string) => {
      idle.refresh();
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (received + bytes.length > limit) {
        finish(tooLarge());
        return;
      }
      if (received + bytes.length > buffer.length) {
        if (known) {
          finish(contentLengthMismatch(declared, 'longer'));
          return;
        }
        const grown = Buffer.allocUnsafeSlow(Math.min(limit, 2 * (received + bytes.length)));
        buffer.copy(grown, 0, 0, received);
        buffer = grown;
      }
      bytes.copy(buffer, received);
      received += bytes.length;
      digest?.update(bytes);
    };
    const onEnd = () => {
      finish(known && received !== declared ? contentLengthMismatch(declared, 'shorter') : null);
    };
    const onError = (error: Error) => {
      // A client that goes away mid-body ends the request; nothing is processed.
      finish(
        new ApiError('VALIDATION_FAILED', `the request body could not be read: ${error.message}`),
      );
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.resume();
  });
}

/** Maximum pause between two parts of a body, unless `installJsonBodyParser` sets another. */
const BODY_IDLE_MS = 10_000;

/**
 * Time allowed for a body of `bytes`: 30 s, plus 1 s for every 64 KiB, which a link of about
 * 0.5 Mbit/s sustains. A 16 MB body gets about 4.8 minutes.
 */
function bodyDeadlineMs(bytes: number): number {
  return 30_000 + Math.ceil(bytes / 65_536) * 1000;
}

function contentLengthMismatch(declared: number, direction: 'shorter' | 'longer'): ApiError {
  return new ApiError(
    'VALIDATION_FAILED',
    `the request body is ${direction} than its Content-Length of ${declared} bytes`,
  );
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
}
