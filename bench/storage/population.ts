/**
 * Synthetic clinics for the storage benchmarks: patients who share with one care team, and
 * CGM series every 5 minutes generated inside PostgreSQL, which is far faster than sending
 * them. The series is a daily sine around 140 mg/dL with a deterministic ripple and a Low
 * reading every 997th sample. It is meant for volume, not realism.
 */
import { identityHash, type CbgRecord } from '@phoenix/domain';
import type { SqlClient } from '@phoenix/db';

/** The clinician who may read every patient of a bench population. */
export const BENCH_CLINICIAN_ID = '00000000-0000-4000-8000-0000000be001';
const BENCH_TEAM_ID = '00000000-0000-4000-8000-0000000be101';

/** Patient `n` (1-based): IDs of the user, the patient record and the device. */
export function benchPatient(n: number): { userId: string; patientId: string; deviceId: string } {
  const suffix = n.toString(16).padStart(12, '0');
  return {
    userId: `00000000-0000-4000-9000-${suffix}`,
    patientId: `00000000-0000-4000-a000-${suffix}`,
    deviceId: `00000000-0000-4000-b000-${suffix}`,
  };
}

/** Create `patients` patients, their devices, and a clinician whose team they all share with. */
export async function createBenchPatients(client: SqlClient, patients: number): Promise<void> {
  await client.query(
    `insert into users (id, display_name, role)
     select ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Bench patient ' || n,
       'patient'
     from generate_series(1, $1::integer) n`,
    [patients],
  );
  await client.query(
    `insert into patients (id, user_id, display_name, timezone)
     select ('00000000-0000-4000-a000-' || lpad(to_hex(n), 12, '0'))::uuid,
       ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Bench patient ' || n,
       'Europe/Helsinki'
     from generate_series(1, $1::integer) n`,
    [patients],
  );
  await client.query(
    `insert into devices (id, patient_id, device_key)
     select ('00000000-0000-4000-b000-' || lpad(to_hex(n), 12, '0'))::uuid,
       ('00000000-0000-4000-a000-' || lpad(to_hex(n), 12, '0'))::uuid, 'dexcom-g6:BENCH' || n
     from generate_series(1, $1::integer) n`,
    [patients],
  );
  await client.query(
    "insert into users (id, display_name, role) values ($1, 'Bench clinician', 'clinician')",
    [BENCH_CLINICIAN_ID],
  );
  await client.query("insert into care_teams (id, name) values ($1, 'Bench clinic')", [
    BENCH_TEAM_ID,
  ]);
  await client.query('insert into care_team_members (team_id, user_id) values ($1, $2)', [
    BENCH_TEAM_ID,
    BENCH_CLINICIAN_ID,
  ]);
  await client.query(
    `insert into patient_shares (patient_id, team_id)
     select id, $1 from patients where display_name like 'Bench patient %'`,
    [BENCH_TEAM_ID],
  );
}

/**
 * Insert readings every 5 minutes for patients `first`..`last` over `days` days from `start`,
 * straight into cbg_readings, and log their hours for the aggregate refresh. Plain mode needs
 * the weekly partitions first (see `createWeeks`), or the rows land in the default partition.
 */
export async function insertBenchReadings(
  client: SqlClient,
  range: { first: number; last: number; start: Date; days: number },
): Promise<void> {
  await client.query(
    `insert into cbg_readings (patient_id, time, identity_hash, device_id, upload_id,
       value_mg_dl, out_of_range, threshold_mg_dl, device_time, timezone_offset_min,
       time_resolution, source_format)
     select ('00000000-0000-4000-a000-' || lpad(to_hex(p), 12, '0'))::uuid, t,
       sha256(int8send(p::bigint * 100000000 + i)),
       ('00000000-0000-4000-b000-' || lpad(to_hex(p), 12, '0'))::uuid,
       '00000000-0000-4000-c000-000000000001',
       case when (i + p) % 997 = 0 then null
         else round(140 + 70 * sin(2 * pi() * (i % 288) / 288.0 + p) + (i * 37 + p * 11) % 41 - 20)
       end,
       case when (i + p) % 997 = 0 then 'low' end,
       case when (i + p) % 997 = 0 then 40 end,
       t::timestamp, 0, 'exact', 'bench'
     from generate_series($1::integer, $2::integer) p,
       generate_series(0, $4::integer * 288 - 1) i,
       lateral (select $3::timestamptz + i * interval '5 minutes' as t) x`,
    [range.first, range.last, range.start, range.days],
  );
  await client.query(
    `insert into glucose_dirty_hours (patient_id, bucket)
     select ('00000000-0000-4000-a000-' || lpad(to_hex(p), 12, '0'))::uuid,
       $3::timestamptz + h * interval '1 hour'
     from generate_series($1::integer, $2::integer) p, generate_series(0, $4::integer * 24 - 1) h`,
    [range.first, range.last, range.start, range.days],
  );
}

/** Create the weekly partitions from `start` for `days` days (plain mode; no-op otherwise). */
export async function createWeeks(client: SqlClient, start: Date, days: number): Promise<void> {
  await client.query(
    `select ensure_week_partition(parent, week)
     from unnest(array['cbg_readings', 'device_records']::regclass[]) parent,
       generate_series(week_start($1::timestamptz), $1::timestamptz + $2::integer * interval '1 day',
         interval '7 days') week
     where storage_mode() = 'plain'`,
    [start, days],
  );
}

/**
 * `count` canonical CGM records of one patient's device, 5 minutes apart from `startMs`, with
 * their identity hashes, for uploads through the API.
 */
export function benchCbgRecords(device: string, startMs: number, count: number): CbgRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const time = new Date(startMs + index * 300_000).toISOString();
    const record: Omit<CbgRecord, 'id'> = {
      type: 'cbg',
      time,
      deviceTime: time.slice(0, 19),
      timezoneOffset: 0,
      clockDriftOffset: 0,
      conversionOffset: 0,
      timezone: 'UTC',
      timeResolution: 'exact',
      deviceId: device,
      origin: { format: 'bench', line: index + 1 },
      valueMgDl: 60 + ((index * 37) % 300),
      outOfRange: null,
      thresholdMgDl: null,
      sourceUnits: 'mg/dL',
      trend: 'constant',
      rateMgDlPerMin: 0,
      transmitterTimeSec: index * 300,
      transmitterId: 'BENCH',
    };
    return { ...record, id: identityHash(record) };
  });
}
