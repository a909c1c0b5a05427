import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeSigner, loadBridgeState, main } from '@phoenix/bridge';
import { createPool, DEMO_IDS, drainStaging, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { cbgAt } from './test-support.ts';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;
let apiUrl: string;
const stateDir = mkdtempSync(join(tmpdir(), 'phoenix-bridge-state-'));
const FALLBACK_EXPORT = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'packages',
  'formats',
  'fixtures',
  'dexcom-clarity-g6-bom-dst-fallback-lowhigh.csv',
);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false });
  apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
  await pool.end();
  await db.drop();
});

async function cli(...args: string[]) {
  const lines: string[] = [];
  const io = { out: (text: string) => lines.push(text), err: (text: string) => lines.push(text) };
  const code = await main([...args, '--state', stateDir], io);
  return { code, text: lines.join('\n') };
}

async function newPairingCode(user = DEMO_IDS.patientUserId): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/patients/${DEMO_IDS.patientId}/pairing-codes`,
    headers: { 'x-dev-user': user },
  });
  expect(response.statusCode).toBe(201);
  return response.json().code;
}

async function cbgCount(): Promise<number> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    // Uploads are merged in the background; merge now, as the API's storage job would.
    await drainStaging(client);
    return (await client.query('select count(*)::int as n from cbg_readings')).rows[0].n;
  } finally {
    await client.end();
  }
}

function signedUpload(
  records: object[],
  tamper?: (headers: Record<string, string>) => void,
  key = `key-signed-${Math.random().toString(36).slice(2)}`,
) {
  const state = loadBridgeState(stateDir)!;
  const url = `/api/v1/patients/${DEMO_IDS.patientId}/uploads`;
  const body = JSON.stringify({ records });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': key,
    ...bridgeSigner(state)('POST', url, body),
  };
  tamper?.(headers);
  return app.inject({ method: 'POST', url, headers, payload: body });
}

describe('bridge pairing', () => {
  it('lets only the patient create a pairing code', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/patients/${DEMO_IDS.patientId}/pairing-codes`,
      headers: { 'x-dev-user': DEMO_IDS.clinicianUserId },
    });
    expect(response.statusCode).toBe(404);
  });

  it('pairs with a code and keeps the key on the bridge', async () => {
    const code = await newPairingCode();
    const { code: exit, text } = await cli(
      'pair',
      '--code',
      code,
      '--api',
      apiUrl,
      '--name',
      'test bridge',
    );
    expect(exit).toBe(0);
    expect(text).toMatch(/paired: bridge [0-9a-f-]{36} uploads for patient/);
    expect(loadBridgeState(stateDir)?.privateKeyPem).toMatch(/BEGIN PRIVATE KEY/);
  });

  it('rejects a used code', async () => {
    const code = await newPairingCode();
    const other = mkdtempSync(join(tmpdir(), 'phoenix-bridge-other-'));
    const io = { out: () => {}, err: () => {} };
    expect(await main(['pair', '--code', code, '--api', apiUrl, '--state', other], io)).toBe(0);
    const again = await main(['pair', '--code', code, '--api', apiUrl, '--state', other], {
      out: () => {},
      err: (text) => expect(text).toMatch(/invalid, used or expired/),
    });
    expect(again).toBe(1);
  });

  it('uploads signed batches through the outbox', async () => {
    const file = FALLBACK_EXPORT;
    const { code, text } = await cli('upload', file, '--timezone', 'Europe/Helsinki');
    expect(code).toBe(0);
    expect(text).toMatch(/0 records wait in the outbox/);
    expect(await cbgCount()).toBeGreaterThan(0);
    const status = await cli('status');
    expect(status.text).toContain('outbox: 0 records waiting');
  });

  it('exits with 1 when a row of the file is not stored', async () => {
    const fixture = FALLBACK_EXPORT;
    // Row 12 is an EGV of 55 mg/dL; a glucose of "abc" makes the row unreadable.
    const text = readFileSync(fixture, 'utf8').replace(
      '12,2019-10-14T16:47:37,EGV,,,,Android G6,55,',
      '12,2019-10-14T16:47:37,EGV,,,,Android G6,abc,',
    );
    expect(text).toContain(',abc,');
    const file = join(mkdtempSync(join(tmpdir(), 'phoenix-bad-row-')), 'bad-row.csv');
    writeFileSync(file, text);
    const { code, text: output } = await cli('upload', file, '--timezone', 'Europe/Helsinki');
    expect(output).toContain('bad-row.csv:13 column Glucose Value (mg/dL)');
    expect(code).toBe(1);
  });

  it('accepts a correctly signed request', async () => {
    const response = await signedUpload([cbgAt(0, 111)]);
    expect(response.statusCode).toBe(201);
  });

  it('returns the stored receipt of a repeated batch', async () => {
    const records = [cbgAt(20, 120), cbgAt(25, 125)];
    const first = await signedUpload(records, undefined, 'key-signed-repeat');
    expect(first.statusCode).toBe(201);
    const again = await signedUpload(records, undefined, 'key-signed-repeat');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      replayed: true,
      status: 'staged',
      received: 2,
      accepted: 2,
      duplicates: 0,
    });
  });

  it('rejects a tampered body, a stale timestamp and a bad signature', async () => {
    const state = loadBridgeState(stateDir)!;
    const url = `/api/v1/patients/${DEMO_IDS.patientId}/uploads`;
    const signed = bridgeSigner(state)('POST', url, JSON.stringify({ records: [cbgAt(5, 100)] }));
    const tampered = await app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'key-tampered-body',
        ...signed,
      },
      payload: JSON.stringify({ records: [cbgAt(5, 300)] }),
    });
    expect(tampered.statusCode).toBe(401);

    const stale = await signedUpload([cbgAt(10, 100)], (headers) => {
      headers['x-bridge-timestamp'] = String(Date.now() - 10 * 60_000);
    });
    expect(stale.statusCode).toBe(401);

    const forged = await signedUpload([cbgAt(15, 100)], (headers) => {
      headers['x-bridge-signature'] = Buffer.alloc(64).toString('base64');
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.message).toMatch(/signature does not match/);
  });

  it('keeps a bridge to its own patient', async () => {
    const state = loadBridgeState(stateDir)!;
    const url = `/api/v1/patients/00000000-0000-4000-8000-000000000999/uploads`;
    const body = JSON.stringify({ records: [cbgAt(20, 100)] });
    const response = await app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'key-other-patient',
        ...bridgeSigner(state)('POST', url, body),
      },
      payload: body,
    });
    expect(response.statusCode).toBe(404);
  });

  it('stops a revoked bridge', async () => {
    const state = loadBridgeState(stateDir)!;
    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/v1/patients/${DEMO_IDS.patientId}/bridges/${state.bridgeId}`,
      headers: { 'x-dev-user': DEMO_IDS.patientUserId },
    });
    expect(revoke.statusCode).toBe(204);
    const response = await signedUpload([cbgAt(25, 100)]);
    expect(response.statusCode).toBe(401);
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/patients/${DEMO_IDS.patientId}/bridges`,
      headers: { 'x-dev-user': DEMO_IDS.clinicianUserId },
    });
    expect(
      listed.json().find((b: { id: string }) => b.id === state.bridgeId).revokedAt,
    ).toBeTruthy();
  });

  it('resends refused records after pairing again', async () => {
    const file = FALLBACK_EXPORT;
    const refused = await cli('upload', file, '--timezone', 'Europe/Helsinki');
    expect(refused.code).toBe(1);
    expect(refused.text).toContain(
      'HTTP 401 NOT_AUTHENTICATED: unknown or revoked bridge; pair it again',
    );
    expect(refused.text).toContain(join(stateDir, 'outbox.refused.ndjson'));
    const waiting = await cli('status');
    expect(waiting.text).toMatch(/refused: [1-9]\d* records in /);

    const code = await newPairingCode();
    expect((await cli('pair', '--code', code, '--api', apiUrl)).code).toBe(0);
    const resent = await cli('resend-refused');
    expect(resent.text).toMatch(/sent: \d+ accepted, \d+ duplicates, 0 rejected, 0 refused/);
    expect(resent.text).toContain('accepted and duplicate counts are as of receipt');
    expect(resent.code).toBe(0);
    const after = await cli('status');
    expect(after.text).toContain('refused: none');
    expect(after.text).toContain('outbox: 0 records waiting');
  });
});
