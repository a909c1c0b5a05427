import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { mergeStaged } from './merger.ts';
import { maintainPartitions, readStorageHealth, readStorageMode } from './storage.ts';
import { readGlucoseStatistics } from './storage-reads.ts';
import { runStorageScenario, SCENARIO } from './storage-scenario.ts';
import {
  asUser,
  createTestPatient,
  stageTestReadings,
  syntheticReadings,
} from './storage-test-support.ts';

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

describe('readable patient set', () => {
  const c = {
    userId: '00000000-0000-4000-8000-00000000d001',
    patientId: '00000000-0000-4000-8000-00000000d101',
  };
  const readToken = '00000000-0000-4000-8000-00000000d201';
  const revokedToken = '00000000-0000-4000-8000-00000000d202';
  const stranger = '00000000-0000-4000-8000-00000000d301';

  /** Read the patients that readable_patient_ids() and can_read_patient() admit for `userId`. */
  async function readableBy(userId: string): Promise<{ set: string[]; each: string[] }> {
    await client.query('begin');
    try {
      await client.query("select set_config('app.user_id', $1, true)", [userId]);
      const result = await client.query(
        `select array(select x from readable_patient_ids() x order by x)::text[] as set,
           array(select id from patients where can_read_patient(id) order by id)::text[] as each`,
      );
      return result.rows[0] as { set: string[]; each: string[] };
    } finally {
      await client.query('rollback');
    }
  }

  it('matches can_read_patient for each caller', async () => {
    // Patient C shared with the scenario's team and then revoked, and C's Nightscout site
    // with one read token and one revoked token.
    await createTestPatient(client, { ...c, timezone: 'UTC' });
    await client.query(
      `insert into patient_shares (patient_id, team_id, revoked_at) values ($1, $2, now())`,
      [c.patientId, SCENARIO.teamId],
    );
    const site = await client.query(
      `insert into nightscout_sites (patient_id, site_key, name, created_by)
       values ($1, 'readableset01', 'Test site', $2) returning id`,
      [c.patientId, c.userId],
    );
    for (const [id, revoked] of [
      [readToken, false],
      [revokedToken, true],
    ] as const) {
      await client.query(
        `insert into nightscout_credentials (id, site_id, patient_id, kind, name, permissions,
           can_write, sha1_digest, created_by, revoked_at)
         values ($1::uuid, $2, $3, 'token', 'reader', array['api:*:read'], false,
           sha256(convert_to($1::text, 'UTF8')), $4, case when $5 then now() end)`,
        [id, (site.rows[0] as { id: string }).id, c.patientId, c.userId, revoked],
      );
    }

    const expected: [string, string[]][] = [
      [SCENARIO.clinicianId, [SCENARIO.a.patientId, SCENARIO.b.patientId]],
      [SCENARIO.a.userId, [SCENARIO.a.patientId]],
      [c.userId, [c.patientId]],
      [readToken, [c.patientId]],
      [revokedToken, []],
      [stranger, []],
    ];
    for (const [userId, patients] of expected) {
      const readable = await readableBy(userId);
      expect(readable.set, userId).toEqual(patients);
      expect(readable.each, userId).toEqual(patients);
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

    await client.query('delete from glucose_dirty_hours');
    expect(await maintainPartitions(client)).toMatchObject({ movedRows: 12 });
    // The move logs the hour of the 12 readings (one hour of 5-minute readings) as dirty, so
    // the next refresh recomputes it from the new partition.
    expect(
      await scalar(
        "select count(*) as n from glucose_dirty_hours where bucket = '2019-06-03T00:00:00Z'",
      ),
    ).toBe(1);
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
