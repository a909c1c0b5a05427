import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@phoenix/bridge';
import { createPool, DEMO_IDS, drainStaging, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { DEMO_EXPORT, DEMO_TIMEZONE } from './demo.ts';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;
let apiUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, DEMO_TIMEZONE);
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false });
  apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
  await pool.end();
  await db.drop();
});

async function upload(file: string, ...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const args = ['upload', file, '--patient', DEMO_IDS.patientId, '--user', DEMO_IDS.patientUserId];
  const code = await main([...args, '--api', apiUrl, ...extra], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  // Uploads are merged in the background; merge now, as the API's storage job would.
  const owner = new pg.Client({ connectionString: db.adminUrl });
  await owner.connect();
  await drainStaging(owner);
  await owner.end();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function count(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0].n;
  } finally {
    await client.end();
  }
}

describe('bridge upload through HTTP', () => {
  it('stores the real export once, in the patient zone', async () => {
    const { code, out } = await upload(DEMO_EXPORT, '--batch-size', '1000');
    expect(code).toBe(0);
    expect(out).toContain('(dexcom-clarity, Europe/Helsinki)');
    // 3,913 CGM readings and 90 other records (9 calibrations, 73 insulin, 4 carbs,
    // 3 exercise, 1 settings), counted in the file.
    expect(out).toContain('done: 4003 accepted, 0 duplicates, 0 rejected, 0 batches failed');
    expect(await count('select count(*)::int as n from cbg_readings')).toBe(3913);
    expect(
      await count("select count(*)::int as n from cbg_readings where out_of_range = 'low'"),
    ).toBe(2);
    expect(await count('select count(*)::int as n from device_records')).toBe(90);
  });

  it('keeps both passes through the repeated hour', async () => {
    const passes = await count(`
      select count(distinct timezone_offset_min)::int as n from cbg_readings
      where device_time >= '2019-10-27 03:00' and device_time < '2019-10-27 04:00'`);
    expect(passes).toBe(2);
    const resolved = await count(
      "select count(*)::int as n from cbg_readings where time_resolution = 'resolved'",
    );
    expect(resolved).toBe(24);
  });

  it('stores nothing twice when run again', async () => {
    const { code, out } = await upload(DEMO_EXPORT, '--batch-size', '1000');
    expect(code).toBe(0);
    expect(out).toMatch(
      /batch 1: already stored by an earlier upload, nothing stored again \(earlier receipt: 1000 accepted/,
    );
    expect(out).toContain(
      'done: 0 accepted, 0 duplicates, 0 rejected, 0 batches failed, 4003 records already stored by an earlier upload',
    );
    expect(await count('select count(*)::int as n from cbg_readings')).toBe(3913);
  });

  it('counts overlapping batches as duplicates', async () => {
    const { out } = await upload(DEMO_EXPORT, '--batch-size', '3000');
    expect(out).toContain('done: 0 accepted, 4003 duplicates, 0 rejected');
    expect(await count('select count(*)::int as n from cbg_readings')).toBe(3913);
  });

  it('reports a failed batch when the patient is out of reach', async () => {
    const out: string[] = [];
    const code = await main(
      [
        'upload',
        DEMO_EXPORT,
        '--patient',
        DEMO_IDS.patientId,
        '--user',
        DEMO_IDS.engineerUserId,
        '--timezone',
        'UTC',
        '--api',
        apiUrl,
      ],
      { out: (text) => out.push(text), err: (text) => out.push(text) },
    );
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/HTTP 404|not found/);
  });
});

describe('bridge upload of a file with bad rows', () => {
  it('uploads the good rows and names the bad ones', async () => {
    // The first 24 lines of the real export: header, 10 preamble rows and 13 data rows, with
    // line 13 given a glucose value that is not a number and line 16 a bad timestamp.
    const lines = readFileSync(DEMO_EXPORT, 'utf8').split('\n').slice(0, 24);
    lines[12] = lines[12]!.replace(',55,', ',abc,');
    lines[15] = lines[15]!.replace('2019-10-14T16:57:36', '2019-13-14T16:57:36');
    const dir = mkdtempSync(join(tmpdir(), 'phoenix-bad-rows-'));
    const file = join(dir, 'bad-rows.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const { code, out, err } = await upload(file);
    // Exit code 1 signals to scripts that some rows were not stored.
    expect(code).toBe(1);
    expect(err).toMatch(/bad-rows\.csv:13 .*"abc"/);
    expect(err).toMatch(/bad-rows\.csv:16 .*"2019-13-14T16:57:36"/);
    // 13 data rows less the 2 bad ones, plus the settings record of the preamble; the first
    // test stored all of them already.
    expect(out).toContain('done: 0 accepted, 12 duplicates, 0 rejected');
  });
});
