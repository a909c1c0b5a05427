import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityHash, type CbgRecord } from '@phoenix/domain';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { DEMO_IDS, seedDemo } from './seed.ts';
import { stageBatch } from './ingest.ts';
import { createPool, withCaller } from './session.ts';

const patient = { role: 'patient' as const, userId: DEMO_IDS.patientUserId };

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  pool = createPool(db.apiUrl, { max: 2 });
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

function reading(minute: number): CbgRecord {
  const time = new Date(Date.UTC(2024, 2, 4, 8, minute)).toISOString();
  const record: Omit<CbgRecord, 'id'> = {
    type: 'cbg',
    time,
    deviceTime: time.slice(0, 19),
    timezoneOffset: 0,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'exact',
    deviceId: 'dexcom-g6:INGEST',
    origin: { format: 'test', line: minute + 1 },
    valueMgDl: 100 + minute,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: 'mg/dL',
  };
  return { ...record, id: identityHash(record) };
}

function info(key: string, recordCount: number) {
  return {
    patientId: DEMO_IDS.patientId,
    idempotencyKey: key,
    digest: Buffer.alloc(32, recordCount),
    sourceFormat: 'test',
    sourceFile: null,
    recordCount,
    rejectedCount: 0,
    rejections: [],
  };
}

/** Batches and staged rows of this file's keys, read as the schema owner. */
async function stored(): Promise<{ batches: number; rows: number }> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ batches: number; rows: number }>(
      `select count(distinct b.id)::int as batches, count(s.batch_id)::int as rows
       from upload_batches b left join upload_staging s on s.batch_id = b.id
       where b.idempotency_key like 'ingest-%'`,
    );
    return result.rows[0]!;
  } finally {
    await client.end();
  }
}

describe('stageBatch', () => {
  it('rejects a batch short of its declared count', async () => {
    const records = [reading(0), reading(5)].map((record, index) => ({ index, record }));
    const before = await stored();

    const staging = withCaller(pool, patient, (client) =>
      stageBatch(client, info('ingest-declares-three', 3), records),
    );

    await expect(staging).rejects.toThrow(/staged 2 records but declares 3 valid ones/);
    expect(await stored()).toEqual(before);
  });

  it('counts copies inside a batch as duplicates', async () => {
    const records = [reading(10), reading(15), reading(10)].map((record, index) => ({
      index,
      record,
    }));
    const staged = await withCaller(pool, patient, (client) =>
      stageBatch(client, info('ingest-with-copy', 3), records),
    );
    expect(staged).toMatchObject({ status: 'staged', accepted: 2, duplicates: 1 });
  });
});

describe('stage_upload', () => {
  it.each([
    ['more distinct records than valid ones', 3, '2024-03-04T08:00:00Z', '2024-03-04T08:05:00Z'],
    [
      'no distinct record in a batch with records',
      0,
      '2024-03-04T08:00:00Z',
      '2024-03-04T08:05:00Z',
    ],
    ['a span that ends before it starts', 2, '2024-03-04T08:05:00Z', '2024-03-04T08:00:00Z'],
    ['no span', 2, null, null],
  ])('rejects %s', async (_, distinct, first, last) => {
    const staging = withCaller(pool, patient, async (client) => {
      const begun = await client.query<{ batch_id: string }>(
        `select batch_id from begin_upload($1, $2, $3, 'test', null, 2, 0, '[]'::jsonb)`,
        [DEMO_IDS.patientId, `ingest-span-${String(distinct)}-${String(first)}`, Buffer.alloc(32)],
      );
      return client.query('select * from stage_upload($1, $2, $3, $4)', [
        begun.rows[0]!.batch_id,
        distinct,
        first,
        last,
      ]);
    });
    await expect(staging).rejects.toMatchObject({ code: '22023' });
  });
});
