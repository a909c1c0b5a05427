import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { mergeStaged } from './merger.ts';
import { maintainPartitions, readStorageHealth, readStorageMode } from './storage.ts';
import { readGlucoseStatistics } from './storage-reads.ts';
import { runStorageScenario, SCENARIO } from './storage-scenario.ts';
import { asUser, stageTestReadings, syntheticReadings } from './storage-test-support.ts';

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  return Number((await client.query(sql, params)).rows[0].n);
}

describe('plain storage mode', () => {
  it('is chosen without TimescaleDB', async () => {
    expect(await readStorageMode(client)).toBe('plain');
  });

  it('answers reads from aggregates as from raw rows', async () => {
    const snapshots = await runStorageScenario(client);
    expect(snapshots).toHaveLength(4);
  });

  it('refuses reads of a patient out of reach', async () => {
    const engineer = { role: 'engineer' as const, userId: SCENARIO.clinicianId };
    await expect(
      asUser(client, engineer, () =>
        client.query('select * from glucose_statistics($1, now() - interval $$1 day$$, now())', [
          SCENARIO.a.patientId,
        ]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    const otherPatient = { role: 'patient' as const, userId: SCENARIO.b.userId };
    await expect(
      asUser(client, otherPatient, () =>
        readGlucoseStatistics(client, SCENARIO.a.patientId, new Date(0), new Date()),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('gives application roles no grant on time-series tables', async () => {
    for (const table of [
      'cbg_readings',
      'glucose_hourly',
      'glucose_daily',
      'glucose_dirty_hours',
    ]) {
      const clinician = { role: 'clinician' as const, userId: SCENARIO.clinicianId };
      await expect(
        // eslint-disable-next-line phoenix/no-sql-string-building -- table from the fixed list above
        asUser(client, clinician, () => client.query(`select 1 from ${table} limit 1`)),
        table,
      ).rejects.toMatchObject({ code: '42501' });
    }
  });
});

describe('plain mode partitions', () => {
  it('keeps weekly partitions ahead of now', async () => {
    // Migration 0011 created this week and the next 8 for both tables.
    const ahead = await scalar(
      `select count(*) as n from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'cbg_readings'::regclass
         and c.relname = 'cbg_readings_p' || to_char(week_start(now()) + interval '56 days', 'YYYYMMDD')`,
    );
    expect(ahead).toBe(1);
  });

  it('reports rows of a week without partition and moves them', async () => {
    // Move the rows that earlier tests stored in weeks without partition.
    await maintainPartitions(client);
    // 2019 has no partition: the merger puts these rows into the default partition.
    const old = syntheticReadings({ startMs: Date.UTC(2019, 5, 3), count: 12, seed: 5 });
    await stageTestReadings(client, { ...SCENARIO.a, key: 'old-week', readings: old });
    await mergeStaged(client);
    const before = await readStorageHealth(client);
    expect(before.defaultPartitionRows).toEqual({ cbg_readings: 12, device_records: 0 });

    expect(await maintainPartitions(client)).toMatchObject({ movedRows: 12 });
    const after = await readStorageHealth(client);
    expect(after.defaultPartitionRows).toEqual({ cbg_readings: 0, device_records: 0 });
    expect(await scalar('select count(*) as n from cbg_readings_p20190603')).toBe(12);
    // The moved rows are still read, and the partitions survive a second run.
    expect(await scalar("select count(*) as n from cbg_readings where time < '2020-01-01'")).toBe(
      12,
    );
    expect(await maintainPartitions(client)).toEqual({ movedRows: 0, createdPartitions: 0 });
  });
});
