import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, drainStaging, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { identityHash } from '@phoenix/domain';
import { cbgAt } from './test-support.ts';

const PATIENT_USER = DEMO_IDS.patientUserId;
const PATIENT = DEMO_IDS.patientId;
const url = `/api/v1/patients/${PATIENT}/uploads`;

let db: TestDatabase;
let pool: pg.Pool;
/** The schema owner's pool, which the merger needs. */
let ownerPool: pg.Pool;
let app: FastifyInstance;
const logLines: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  pool = createPool(db.apiUrl);
  ownerPool = createPool(db.adminUrl, { max: 2 });
  app = await buildApp({
    pool,
    logLevel: 'info',
    logStream: { write: (line) => logLines.push(line) },
  });
});

afterAll(async () => {
  await app.close();
  await pool.end();
  await ownerPool.end();
  await db.drop();
});

/** Run the merger until nothing is staged, as the API's background job does. */
function merge() {
  return drainStaging(ownerPool);
}

function getBatch(batchId: string, user = PATIENT_USER) {
  return app.inject({
    method: 'GET',
    url: `/api/v1/uploads/${batchId}`,
    headers: { 'x-dev-user': user },
  });
}

function post(body: unknown, key: string, user = PATIENT_USER, target = url) {
  return app.inject({
    method: 'POST',
    url: target,
    headers: { 'idempotency-key': key, 'x-dev-user': user, 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function storedCount(): Promise<number> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  const result = await client.query(
    'select count(*)::int as n from cbg_readings where patient_id = $1',
    [PATIENT],
  );
  await client.end();
  return result.rows[0].n;
}

/** Returns the log entries that record an upload's receipt, oldest first. */
function receiptLogs(): { msg: string; batchId: string; replayed: boolean }[] {
  return logLines
    .map((line) => JSON.parse(line) as { msg: string; batchId?: string; replayed: boolean })
    .filter(
      (entry): entry is { msg: string; batchId: string; replayed: boolean } =>
        entry.batchId !== undefined && entry.msg.startsWith('upload '),
    );
}

describe('upload endpoint', () => {
  const first = [cbgAt(0, 100), cbgAt(5, 110), cbgAt(10, null, 'low')];

  it('answers once staged and stores after the merge', async () => {
    const response = await post({ source: { format: 'test' }, records: first }, 'key-first-batch');
    expect(response.statusCode).toBe(201);
    const receipt = response.json();
    expect(receipt.status).toBe('staged');
    expect(receipt.accepted).toBe(3);
    expect(receipt.duplicates).toBe(0);
    expect(receipt.rejected).toBe(0);
    expect(receipt.replayed).toBe(false);
    expect(receipt.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storedCount()).toBe(0);

    expect((await merge()).batches).toBe(1);
    expect(await storedCount()).toBe(3);
    const state = (await getBatch(receipt.batchId)).json();
    expect(state).toMatchObject({ status: 'merged', received: 3, accepted: 3, duplicates: 0 });
    expect(state.mergedAt).not.toBeNull();
  });

  it('replays a retried batch without storing twice', async () => {
    const response = await post({ source: { format: 'test' }, records: first }, 'key-first-batch');
    expect(response.statusCode).toBe(200);
    expect(response.json().replayed).toBe(true);
    expect(response.json().status).toBe('merged');
    expect(response.json().accepted).toBe(3);
    await merge();
    expect(await storedCount()).toBe(3);
  });

  it('logs a replay apart from a stored upload', () => {
    const batchId = receiptLogs()[0]?.batchId;
    const messages = receiptLogs()
      .filter((entry) => entry.batchId === batchId)
      .map((entry) => [entry.msg, entry.replayed]);
    expect(messages).toEqual([
      ['upload stored', false],
      ['upload replayed: batch already stored, nothing stored again', true],
    ]);
  });

  it('counts records merged before as duplicates at receipt', async () => {
    const response = await post({ records: [...first, cbgAt(15, 120)] }, 'key-second-batch');
    expect(response.statusCode).toBe(201);
    expect(response.json().accepted).toBe(1);
    expect(response.json().duplicates).toBe(3);
    await merge();
    expect(await storedCount()).toBe(4);
    expect((await getBatch(response.json().batchId)).json()).toMatchObject({
      accepted: 1,
      duplicates: 3,
    });
  });

  it('counts duplicates between staged batches at merge', async () => {
    const shared = cbgAt(16, 125);
    const earlier = await post({ records: [shared, cbgAt(17, 126)] }, 'key-staged-earlier');
    const later = await post({ records: [shared, cbgAt(18, 127)] }, 'key-staged-later');
    // Neither is merged yet, so neither receipt can know of the other.
    expect(later.json()).toMatchObject({ status: 'staged', accepted: 2, duplicates: 0 });

    await merge();
    const earlierState = (await getBatch(earlier.json().batchId)).json();
    const laterState = (await getBatch(later.json().batchId)).json();
    expect(earlierState).toMatchObject({ status: 'merged', accepted: 2, duplicates: 0 });
    expect(laterState).toMatchObject({ status: 'merged', accepted: 1, duplicates: 1 });
    expect(await storedCount()).toBe(7);
  });

  it('drops a duplicate inside one batch', async () => {
    const twice = cbgAt(20, 130);
    const response = await post({ records: [twice, twice] }, 'key-twice-in-one');
    expect(response.json().accepted).toBe(1);
    expect(response.json().duplicates).toBe(1);
    await merge();
    expect((await getBatch(response.json().batchId)).json()).toMatchObject({
      accepted: 1,
      duplicates: 1,
    });
  });

  it('stores the valid records and reports the rest', async () => {
    const tooHigh = { ...cbgAt(25, 1200) };
    const missingTime: Record<string, unknown> = { ...cbgAt(30, 140) };
    delete missingTime.time;
    const forgedId = { ...cbgAt(35, 150), id: 'a'.repeat(64) };
    const unknownType = { ...cbgAt(40, 150), type: 'ketone' };
    const records = [cbgAt(45, 160), tooHigh, missingTime, forgedId, unknownType, 'text'];

    const response = await post({ records }, 'key-partial-batch');
    expect(response.statusCode).toBe(201);
    const receipt = response.json();
    expect(receipt.accepted).toBe(1);
    expect(receipt.rejected).toBe(5);
    const byIndex = (index: number) =>
      receipt.rejections.filter((r: { index: number }) => r.index === index);
    expect(byIndex(1)[0]).toMatchObject({ field: '/valueMgDl', value: 1200 });
    expect(byIndex(2)[0].field).toBe('/time');
    expect(byIndex(3)[0]).toMatchObject({ field: '/id', value: 'a'.repeat(64) });
    expect(byIndex(4)[0]).toMatchObject({ field: '/type', value: 'ketone' });
    expect(byIndex(5)[0].message).toMatch(/must be an object/);
  });

  it('rejects a record that no staging column fits', async () => {
    // Valid by schema and plausibility, but a source line past 2^31 − 1 fits no int4 column.
    const longFile = { ...cbgAt(55, 165), origin: { format: 'test', line: 2 ** 31 } };
    const response = await post({ records: [longFile, cbgAt(56, 166)] }, 'key-line-too-large');
    expect(response.statusCode).toBe(201);
    const receipt = response.json();
    expect(receipt.accepted).toBe(1);
    expect(receipt.rejected).toBe(1);
    expect(receipt.rejections).toHaveLength(1);
    expect(receipt.rejections[0]).toMatchObject({
      index: 0,
      field: '/origin/line',
      value: 2 ** 31,
    });
    expect(receipt.rejections[0].message).toMatch(/32-bit integer/);
  });

  it('rejects a batch with no valid record as a whole', async () => {
    const response = await post({ records: [{ ...cbgAt(50, 2000) }] }, 'key-all-invalid');
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details[0]).toMatchObject({ index: 0, field: '/valueMgDl', value: 2000 });
    expect(body.error.requestId).toBeTruthy();
  });

  it('rejects malformed JSON with the error shape', async () => {
    const response = await post('{"records": [', 'key-malformed');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect(response.json().error.requestId).toBe(response.headers['x-request-id']);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'text/csv'])(
    'rejects a %s body with 415',
    async (contentType) => {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: {
          'idempotency-key': 'key-not-json',
          'x-dev-user': PATIENT_USER,
          'content-type': contentType,
        },
        payload: JSON.stringify({ records: [cbgAt(0, 120)] }),
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(response.json().error.message).toMatch(/Content-Type: application\/json/);
    },
  );

  it('rejects a body without records', async () => {
    const response = await post({ rows: [] }, 'key-no-records');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect(response.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body/records', message: 'Expected required property' }),
        expect.objectContaining({
          field: 'body/rows',
          message: expect.stringMatching(/unknown field/),
        }),
      ]),
    );
  });

  it('rejects records with a NUL character and stores the rest', async () => {
    const good = cbgAt(500, 120);
    const inDevice = { ...cbgAt(505, 121), deviceId: 'dexcom-g6:TEST\u000001' };
    inDevice.id = identityHash(inDevice);
    const inZone = { ...cbgAt(510, 122), timezone: 'Europe/\u0000Helsinki' };
    const inCellKey = { ...cbgAt(515, 123), sourceCells: { 'Glucose\u0000': '123' } };
    const response = await post(
      { records: [good, inDevice, inZone, inCellKey] },
      'key-nul-characters',
    );
    expect(response.statusCode).toBe(201);
    const receipt = response.json();
    expect(receipt.accepted).toBe(1);
    expect(receipt.rejected).toBe(3);
    expect(receipt.rejections).toEqual([
      expect.objectContaining({ index: 1, field: '/deviceId', value: 'dexcom-g6:TEST\u240001' }),
      expect.objectContaining({ index: 2, field: '/timezone', value: 'Europe/\u2400Helsinki' }),
      expect.objectContaining({ index: 3, field: '/sourceCells/Glucose\u2400' }),
    ]);
    expect(receipt.rejections[0].message).toMatch(/NUL character/);
    // The receipt, rejections included, is stored and read back.
    const state = (await getBatch(receipt.batchId)).json();
    expect(state.rejections).toHaveLength(3);
  });

  it('answers an anonymous upload before reading its body', async () => {
    // Headers only: were the body awaited, the response would be a timeout, not 401.
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          port,
          path: url,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': 1_000_000,
            'idempotency-key': 'key-anonymous',
          },
        },
        (response) => {
          response.resume();
          request.destroy();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.write('{"records":');
    });
    expect(status).toBe(401);
  });

  it('names the limit for oversized headers', async () => {
    if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        {
          port,
          path: url,
          method: 'GET',
          headers: { authorization: `Bearer ${'x'.repeat(20_000)}` },
        },
        (reply) => {
          let body = '';
          reply.on('data', (chunk: Buffer) => (body += chunk.toString()));
          reply.on('end', () => resolve({ status: reply.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(response.status).toBe(431);
    expect(JSON.parse(response.body).error).toMatchObject({
      code: 'HEADERS_TOO_LARGE',
      message: `the request headers exceed ${http.maxHeaderSize} bytes; send shorter headers`,
    });
  });

  it('rejects a source file name with a NUL character', async () => {
    const response = await post(
      { source: { fileName: 'a\u0000.csv' }, records: [cbgAt(520, 124)] },
      'key-nul-file-name',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({ field: 'body/source/fileName' });
  });

  it('names the token where JSON goes wrong', async () => {
    const response = await post('{"records": [1, 2, x]}', 'key-malformed');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/^invalid JSON body: Unexpected token 'x'/);
  });

  it.each([
    ['an empty body', ''],
    ['a body of white space', ' \n'],
  ])('rejects %s', async (_, payload) => {
    const response = await post(payload, 'key-empty-body');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/body is empty/);
  });

  it('rejects a request without a body', async () => {
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { 'idempotency-key': 'key-no-body', 'x-dev-user': PATIENT_USER },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/body is empty/);
  });

  it('names an unknown source field once, with its own hint', async () => {
    const response = await post({ source: { bogus: 1 } }, 'key-source-field');
    const details = response.json().error.details;
    expect(details).toEqual([
      expect.objectContaining({ field: 'body/records', message: 'Expected required property' }),
      expect.objectContaining({
        field: 'body/source/bogus',
        message: 'unknown field; source takes format, variant and fileName',
      }),
    ]);
  });

  it('shows a record that is not an object in its rejection', async () => {
    const response = await post({ records: [cbgAt(600, 125), 1, 'x', true] }, 'key-not-objects');
    expect(response.statusCode).toBe(201);
    expect(response.json().rejections.map((item: { value: unknown }) => item.value)).toEqual([
      1,
      'x',
      true,
    ]);
  });

  it('rejects a source field that is too long', async () => {
    const response = await post(
      { source: { format: 'x'.repeat(65) }, records: [cbgAt(0, 100)] },
      'key-long-format',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({ field: 'body/source/format' });
  });

  it('describes the upload body in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operation = document.paths['/api/v1/patients/{patientId}/uploads'].post;
    const schema = operation.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['records']);
    expect(Object.keys(schema.properties)).toEqual(['source', 'records']);
    // OpenAPI 3.0 has no const, so each record type's literal becomes a one-value enum.
    const types = schema.properties.records.items.oneOf.map(
      (record: { properties: { type: { enum: string[] } } }) => record.properties.type.enum[0],
    );
    expect(types).toEqual(expect.arrayContaining(['cbg', 'smbg', 'bolus', 'basal', 'food']));
    const cbg = schema.properties.records.items.oneOf[0];
    expect(cbg.required).toEqual(expect.arrayContaining(['id', 'time', 'valueMgDl']));
  });

  it('rejects a body of millions of tiny arrays before parsing it', async () => {
    // 15 MB, under the body limit; parsed, five million arrays would take gigabytes.
    const payload = `{"records":[${'[],'.repeat(5_000_000)}[]]}`;
    const response = await post(payload, 'key-many-arrays');
    expect(response.statusCode).toBe(413);
    // BATCH_TOO_LARGE would mean the body was parsed and its records counted.
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(response.json().error.message).toMatch(/more than 500000 JSON objects and arrays/);
  });

  it('rejects an oversized batch', async () => {
    const records = Array.from({ length: 10_001 }, () => ({}));
    const response = await post({ records }, 'key-oversized');
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('BATCH_TOO_LARGE');
  });

  it('rejects a reused key with other content', async () => {
    const response = await post({ records: [cbgAt(60, 170)] }, 'key-first-batch');
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('takes a reformatted retry for other content', async () => {
    // The digest covers the body's bytes, so a retry must repeat them exactly.
    const body = { source: { format: 'test' }, records: first };
    const response = await post(JSON.stringify(body, null, 2), 'key-first-batch');
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('requires a well-formed idempotency key', async () => {
    const missing = await app.inject({
      method: 'POST',
      url,
      headers: { 'x-dev-user': PATIENT_USER, 'content-type': 'application/json' },
      payload: JSON.stringify({ records: [cbgAt(65, 100)] }),
    });
    expect(missing.statusCode).toBe(400);
    const short = await post({ records: [cbgAt(65, 100)] }, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });

  it('requires a signed-in caller', async () => {
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { 'idempotency-key': 'key-anonymous', 'content-type': 'application/json' },
      payload: JSON.stringify({ records: [cbgAt(70, 100)] }),
    });
    expect(response.statusCode).toBe(401);
  });

  it('hides a patient the caller may not write for', async () => {
    const response = await post(
      { records: [cbgAt(75, 100)] },
      'key-engineer',
      DEMO_IDS.engineerUserId,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('PATIENT_NOT_FOUND');
  });

  it('hides the batch of a patient the caller may not read', async () => {
    const response = await post({ records: [cbgAt(80, 100)] }, 'key-hidden-batch');
    const batchId = response.json().batchId;
    expect((await getBatch(batchId)).statusCode).toBe(200);
    // Engineers see batches through their own views, never through receipts.
    const other = await getBatch(batchId, DEMO_IDS.engineerUserId);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('PATIENT_NOT_FOUND');
  });

  it('writes no glucose values or records to the log', () => {
    const text = logLines.join('');
    expect(text).toContain('upload stored');
    expect(text).not.toMatch(/valueMgDl|"records"|x-dev-user/);
  });
});
