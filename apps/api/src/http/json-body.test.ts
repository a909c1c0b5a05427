import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandlers } from './error-handler.ts';
import { installJsonBodyParser } from './json-body.ts';

let app: FastifyInstance;
let port: number;
/** Memory behind the bodies that /raw-large saw, in order of first sight. */
const seenMemory: ArrayBufferLike[] = [];

beforeAll(async () => {
  app = Fastify();
  installErrorHandlers(app);
  installJsonBodyParser(app, { bodyIdleMs: 300 });
  app.post('/parsed', { bodyLimit: 1000 }, async (request) => ({ body: request.body }));
  app.post('/raw', { bodyLimit: 1000, config: { rawJsonBody: true } }, async (request) => ({
    length: (request.body as Buffer).length,
    isBuffer: Buffer.isBuffer(request.body),
    digest: request.bodyDigest?.toString('hex'),
  }));
  app.post<{ Querystring: { give?: string } }>(
    '/raw-large',
    { bodyLimit: 2 * 1024 * 1024, config: { rawJsonBody: true } },
    async (request) => {
      const body = request.body as Buffer;
      const memory = body.buffer;
      if (!seenMemory.includes(memory)) seenMemory.push(memory);
      const answer = {
        shared: memory instanceof SharedArrayBuffer,
        memory: seenMemory.indexOf(memory),
        digest: createHash('sha256').update(body).digest('hex'),
      };
      if (request.query.give) request.returnBody?.();
      return answer;
    },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
});

/**
 * Send a POST over a real socket, in `chunks` writes, with `contentLength` as the header
 * (or chunked transfer encoding when null).
 */
function send(
  path: string,
  chunks: (string | Buffer)[],
  contentLength: number | null,
  options: { keepOpen?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      ...options.headers,
    };
    if (contentLength !== null) headers['content-length'] = contentLength;
    const request = http.request({ port, path, method: 'POST', headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>,
        });
      });
    });
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    if (!options.keepOpen) request.end();
  });
}

function errorOf(body: Record<string, unknown>) {
  return body['error'] as { code: string; message: string };
}

describe('JSON body parser', () => {
  it('parses a body sent in several writes', async () => {
    const text = JSON.stringify({ records: [1, 2, 3], note: 'Ärztin' });
    const bytes = Buffer.byteLength(text);
    const response = await send('/parsed', [text.slice(0, 10), text.slice(10)], bytes);
    expect(response.status).toBe(200);
    expect(response.body['body']).toEqual({ records: [1, 2, 3], note: 'Ärztin' });
  });

  it('hands a raw route the bytes and their digest', async () => {
    const text = '{"records":[]}';
    const response = await send('/raw', [text], Buffer.byteLength(text));
    expect(response.body).toEqual({
      length: text.length,
      isBuffer: true,
      digest: createHash('sha256').update(text).digest('hex'),
    });
  });

  it('reuses shared memory of returned bodies', async () => {
    const body = (fill: string) => JSON.stringify({ filler: fill.repeat(400_000) });
    const digest = (text: string) => createHash('sha256').update(text).digest('hex');
    const sendLarge = (text: string, give: boolean) =>
      send(`/raw-large${give ? '?give=1' : ''}`, [text], Buffer.byteLength(text));

    const first = await sendLarge(body('a'), true);
    expect(first.body).toEqual({ shared: true, memory: 0, digest: digest(body('a')) });
    // The second body lands in the memory the first gave back, and is read whole.
    const second = await sendLarge(body('b'), false);
    expect(second.body).toEqual({ shared: true, memory: 0, digest: digest(body('b')) });
    // The second kept its memory, so the third gets new memory.
    const third = await sendLarge(body('c'), true);
    expect(third.body).toEqual({ shared: true, memory: 1, digest: digest(body('c')) });
  });

  it('parses a body after a byte order mark', async () => {
    const text = '\uFEFF{"note":"Ärztin"}';
    const response = await send('/parsed', [text], Buffer.byteLength(text));
    expect(response.status).toBe(200);
    expect(response.body['body']).toEqual({ note: 'Ärztin' });
  });

  it('digests a byte order mark as sent', async () => {
    const text = '\uFEFF{"records":[]}';
    const bytes = Buffer.from(text, 'utf8');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const response = await send('/raw', [text], bytes.length);
    expect(response.body['length']).toBe(bytes.length);
    expect(response.body['digest']).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('rejects a compressed body', async () => {
    const text = '{"note":"x"}';
    const response = await send('/parsed', [text], text.length, {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(response.status).toBe(415);
    expect(errorOf(response.body)).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Content-Encoding gzip is not supported; send the body uncompressed',
    });
  });

  it('rejects a charset other than UTF-8', async () => {
    const text = '{"note":"x"}';
    const utf16 = await send('/parsed', [text], text.length, {
      headers: { 'content-type': 'application/json; charset=UTF-16' },
    });
    expect(utf16.status).toBe(415);
    expect(errorOf(utf16.body).message).toBe('charset utf-16 is not supported; send JSON as UTF-8');
    const utf8 = await send('/parsed', [text], text.length, {
      headers: { 'content-type': 'application/json; charset="UTF-8"' },
    });
    expect(utf8.status).toBe(200);
    // ASCII is a subset of UTF-8.
    const ascii = await send('/parsed', [text], text.length, {
      headers: { 'content-type': 'application/json; charset=us-ascii' },
    });
    expect(ascii.status).toBe(200);
  });

  it('rejects bytes that are not UTF-8', async () => {
    // "Ärztin" in Latin-1 on the second line: Ä is the single byte C4.
    const bytes = Buffer.concat([
      Buffer.from('{\n"note":"'),
      Buffer.from([0xc4]),
      Buffer.from('rztin"}'),
    ]);
    const response = await send('/parsed', [bytes], bytes.length);
    expect(response.status).toBe(400);
    expect(errorOf(response.body).message).toBe(
      'the body is not valid UTF-8: invalid bytes at byte 10 (line 2); send JSON as UTF-8',
    );
  });

  it('reads a chunked body without Content-Length', async () => {
    const text = JSON.stringify({ filler: 'x'.repeat(300) });
    const response = await send('/raw', [text.slice(0, 100), text.slice(100)], null);
    expect(response.body['length']).toBe(text.length);
    expect(response.body['digest']).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('rejects a declared length above the limit', async () => {
    const response = await send('/parsed', ['{}'], 5000);
    expect(response.status).toBe(413);
    expect(errorOf(response.body).code).toBe('PAYLOAD_TOO_LARGE');
    expect(errorOf(response.body).message).toMatch(/exceeds 1000 bytes/);
  });

  it('rejects a chunked body that grows past the limit', async () => {
    const response = await send('/raw', ['{"a":"', 'x'.repeat(600), 'x'.repeat(600), '"}'], null);
    expect(response.status).toBe(413);
    expect(errorOf(response.body).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('times out a body that stops arriving', async () => {
    // Half of the declared body, then nothing: the parser gives up after 300 ms.
    const response = await send('/raw', ['{"records":'], 40, { keepOpen: true });
    expect(response.status).toBe(408);
    expect(errorOf(response.body).code).toBe('REQUEST_TIMEOUT');
    expect(errorOf(response.body).message).toMatch(/stalled for 0.3 s/);
  });

  it('rejects malformed JSON with the parser message', async () => {
    const response = await send('/parsed', ['{"a": x}'], 8);
    expect(response.status).toBe(400);
    expect(errorOf(response.body).message).toMatch(/^invalid JSON body: Unexpected token/);
  });
});
