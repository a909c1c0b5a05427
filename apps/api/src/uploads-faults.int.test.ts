import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, drainStaging, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { cbgAt } from './test-support.ts';

const url = `/api/v1/patients/${DEMO_IDS.patientId}/uploads`;

let db: TestDatabase;
let pool: pg.Pool;
let ownerPool: pg.Pool;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  pool = createPool(db.apiUrl);
  ownerPool = createPool(db.adminUrl, { max: 3 });
  app = await buildApp({
    pool,
    logLevel: false,
    uploads: { maxBacklogRecords: 5, retryAfterSeconds: 7 },
  });
});

afterAll(async () => {
  await app.close();
  await pool.end();
  await ownerPool.end();
  await db.drop();
});

function post(records: unknown[], key: string) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'idempotency-key': key, 'x-dev-user': DEMO_IDS.patientUserId },
    payload: { records },
  });
}

async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  const result = await ownerPool.query(sql, params);
  return Number(result.rows[0].n);
}

describe('upload faults', () => {
  it('answers 503 with Retry-After at the backlog bound', async () => {
    const first = await post([cbgAt(0, 100), cbgAt(5, 101), cbgAt(10, 102)], 'key-backlog-1');
    expect(first.statusCode).toBe(201);

    // 3 staged + 3 more would pass the bound of 5.
    const second = await post([cbgAt(15, 103), cbgAt(20, 104), cbgAt(25, 105)], 'key-backlog-2');
    expect(second.statusCode).toBe(503);
    expect(second.headers['retry-after']).toBe('7');
    expect(second.json().error.code).toBe('INGEST_BACKLOG_FULL');
    expect(
      await scalar('select count(*) as n from upload_batches where idempotency_key = $1', [
        'key-backlog-2',
      ]),
    ).toBe(0);

    // A replay of a staged batch still gets its receipt, and after the merge the retry is staged.
    expect(
      (await post([cbgAt(0, 100), cbgAt(5, 101), cbgAt(10, 102)], 'key-backlog-1')).statusCode,
    ).toBe(200);
    await drainStaging(ownerPool);
    const retried = await post([cbgAt(15, 103), cbgAt(20, 104), cbgAt(25, 105)], 'key-backlog-2');
    expect(retried.statusCode).toBe(201);
    await drainStaging(ownerPool);
  });

  it('reports the backlog on the health endpoint', async () => {
    await post([cbgAt(30, 110), cbgAt(35, 111), cbgAt(40, 112), cbgAt(45, 113)], 'key-health');
    const health = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(health.storage.mode).toBe('plain');
    expect(health.storage.backlog).toMatchObject({ batches: 1, records: 4, maxRecords: 5 });
    expect(health.status).toBe('degraded');
    expect(health.warnings.join(' ')).toMatch(/backlog contains 4 of at most 5/);
    await drainStaging(ownerPool);
    const after = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(after.storage.backlog.records).toBe(0);
  });

  it('never acknowledges an upload whose connection dies', async () => {
    // Hold the staging table, so that the upload waits inside its COPY, then end its
    // connection as a server restart would.
    const blocker = await ownerPool.connect();
    await blocker.query('begin');
    await blocker.query('lock table upload_staging in access exclusive mode');
    const records = [cbgAt(50, 120), cbgAt(55, 121)];
    const pending = post(records, 'key-connection-lost');
    let terminated = 0;
    for (let attempt = 0; attempt < 200 && terminated === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      terminated = await scalar(
        `select count(*) filter (where pg_terminate_backend(pid)) as n from pg_stat_activity
         where datname = current_database() and usename = 'phoenix_api' and wait_event_type = 'Lock'`,
      );
    }
    await blocker.query('rollback');
    blocker.release();
    expect(terminated).toBe(1);

    const response = await pending;
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('DATABASE_UNAVAILABLE');
    expect(
      await scalar('select count(*) as n from upload_batches where idempotency_key = $1', [
        'key-connection-lost',
      ]),
    ).toBe(0);

    // The client's retry with the same key is staged once.
    expect((await post(records, 'key-connection-lost')).statusCode).toBe(201);
    await drainStaging(ownerPool);
    expect(
      await scalar(
        "select count(*) as n from cbg_readings where time >= '2024-03-04T08:50:00Z' and time <= '2024-03-04T08:55:00Z'",
      ),
    ).toBe(2);
  });

  it('rejects a batch above 10,000 records', async () => {
    const records = Array.from({ length: 10_001 }, (_, index) => cbgAt(index, 100));
    const response = await post(records, 'key-too-large');
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('BATCH_TOO_LARGE');
  });
});
