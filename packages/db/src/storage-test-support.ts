/**
 * Test helpers shared by the storage tests of both engines (the embedded PostgreSQL server and
 * the in-process PGlite with TimescaleDB): people, deterministic CGM series, and batches
 * staged with plain SQL, which both engines run alike.
 */
import { createHash } from 'node:crypto';
import { mgDlToMmolL, mmolLToMgDl, type GlucoseSample } from '@phoenix/domain';
import type { SqlClient } from './storage.ts';

/** A CGM reading for tests; times are UTC epoch ms. */
export type TestReading = GlucoseSample;

/**
 * Readings every `intervalMinutes` from `startMs`, with values that sweep all five consensus
 * bands, a Low (threshold 40) every 97th reading, a High (threshold 400) every 89th, and every
 * 7th value a mmol/L reading converted to mg/dL (not an integer). Deterministic for a seed.
 */
export function syntheticReadings(options: {
  startMs: number;
  count: number;
  intervalMinutes?: number;
  seed?: number;
}): TestReading[] {
  const interval = (options.intervalMinutes ?? 5) * 60_000;
  const seed = options.seed ?? 0;
  return Array.from({ length: options.count }, (_, index) => {
    const timeMs = options.startMs + index * interval;
    const step = index + seed * 13;
    if (step % 97 === 96) return { timeMs, valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 };
    if (step % 89 === 88)
      return { timeMs, valueMgDl: null, outOfRange: 'high', thresholdMgDl: 400 };
    const base = 45 + ((step * 37 + seed * 11) % 300);
    // A one-decimal mmol/L value, as a meter in mmol/L reports it.
    const valueMgDl = step % 7 === 3 ? mmolLToMgDl(Math.round(mgDlToMmolL(base) * 10) / 10) : base;
    return { timeMs, valueMgDl, outOfRange: null, thresholdMgDl: null };
  });
}

/** Create a user, their patient record and a care team whose clinician may read it. */
export async function createTestPatient(
  client: SqlClient,
  ids: {
    userId: string;
    patientId: string;
    timezone: string;
    clinicianId?: string;
    teamId?: string;
  },
): Promise<void> {
  await client.query(
    "insert into users (id, display_name, role) values ($1, 'Test Patient', 'patient')",
    [ids.userId],
  );
  await client.query(
    'insert into patients (id, user_id, display_name, timezone) values ($1, $2, $3, $4)',
    [ids.patientId, ids.userId, `Patient ${ids.patientId.slice(-4)}`, ids.timezone],
  );
  if (!ids.clinicianId || !ids.teamId) return;
  await client.query(
    `insert into users (id, display_name, role) values ($1, 'Test Clinician', 'clinician')
     on conflict (id) do nothing`,
    [ids.clinicianId],
  );
  await client.query(
    "insert into care_teams (id, name) values ($1, 'Test Team') on conflict (id) do nothing",
    [ids.teamId],
  );
  await client.query(
    `insert into care_team_members (team_id, user_id) values ($1, $2)
     on conflict do nothing`,
    [ids.teamId, ids.clinicianId],
  );
  await client.query('insert into patient_shares (patient_id, team_id) values ($1, $2)', [
    ids.patientId,
    ids.teamId,
  ]);
}

/**
 * Stage readings as one batch, as an upload does, with plain SQL run by a superuser; the
 * batch waits for `merge_staged`. The identity hash is SHA-256 of device and time, so the same
 * reading staged twice is one record. Returns the batch ID.
 */
export async function stageTestReadings(
  client: SqlClient,
  options: { patientId: string; userId: string; key: string; readings: readonly TestReading[] },
): Promise<string> {
  const deviceKey = 'dexcom-g6:TEST01';
  const rows = options.readings.map((reading, index) => {
    const time = new Date(reading.timeMs).toISOString();
    return {
      record_index: index,
      identity_hash: createHash('sha256').update(`${deviceKey}|${time}`).digest('hex'),
      time,
      device_time: time.slice(0, 19),
      value_mg_dl: reading.valueMgDl,
      out_of_range: reading.outOfRange,
      threshold_mg_dl: reading.thresholdMgDl,
    };
  });
  // One statement, so one transaction even on a pool: a merger running between a committed
  // batch and its rows would mark the batch merged with no records.
  const staged = await client.query(
    `with batch as (
       insert into upload_batches
         (patient_id, created_by, idempotency_key, digest, record_count, status, accepted,
          duplicates)
       values ($1, $2, $3, sha256(convert_to($3, 'UTF8')), $4, 'staged', $4, 0)
       returning id
     ), staged_rows as (
       insert into upload_staging (
         batch_id, record_index, type, identity_hash, time, device_key, device_time,
         timezone_offset_min, clock_drift_offset_ms, conversion_offset_ms, time_resolution,
         value_mg_dl, out_of_range, threshold_mg_dl, source_format)
       select batch.id, r.record_index, 'cbg', decode(r.identity_hash, 'hex'), r.time, $5,
         r.device_time, 0, 0, 0, 'exact', r.value_mg_dl, r.out_of_range, r.threshold_mg_dl,
         'test'
       from batch, jsonb_to_recordset($6::jsonb) as r(
         record_index integer, identity_hash text, time timestamptz, device_time timestamp,
         value_mg_dl double precision, out_of_range text, threshold_mg_dl double precision)
     )
     select id from batch`,
    [
      options.patientId,
      options.userId,
      options.key,
      options.readings.length,
      deviceKey,
      JSON.stringify(rows),
    ],
  );
  return (staged.rows[0] as { id: string }).id;
}

/**
 * Run `work` in a transaction as an application user, as `withCaller` does, on one
 * connection (a `pg.Client` or a PGlite, never a pool). Rolls back afterwards, so `work` must
 * only read.
 */
export async function asUser<T>(
  client: SqlClient,
  user: { role: 'patient' | 'clinician' | 'engineer'; userId: string },
  work: () => Promise<T>,
): Promise<T> {
  await client.query('begin');
  try {
    // eslint-disable-next-line phoenix/no-sql-string-building -- role from the fixed union type
    await client.query(`set local role phoenix_${user.role}`);
    await client.query("select set_config('app.user_id', $1, true)", [user.userId]);
    return await work();
  } finally {
    await client.query('rollback');
  }
}
