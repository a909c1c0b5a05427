import type pg from 'pg';

/** A CGM reading as the dashboard reads it. */
export interface CbgRow {
  time: Date;
  valueMgDl: number | null;
  outOfRange: 'low' | 'high' | null;
  thresholdMgDl: number | null;
}

/**
 * CGM readings of a patient in [from, to), oldest first. Raises a database error with SQLSTATE
 * 42501 when the caller may not read the patient.
 */
export async function readCbg(
  client: pg.PoolClient,
  patientId: string,
  from: Date,
  to: Date,
): Promise<CbgRow[]> {
  const result = await client.query<{
    reading_time: Date;
    value_mg_dl: number | null;
    out_of_range: 'low' | 'high' | null;
    threshold_mg_dl: number | null;
  }>(
    'select reading_time, value_mg_dl, out_of_range, threshold_mg_dl from cbg_in_range($1, $2, $3)',
    [patientId, from, to],
  );
  return result.rows.map((row) => ({
    time: row.reading_time,
    valueMgDl: row.value_mg_dl,
    outOfRange: row.out_of_range,
    thresholdMgDl: row.threshold_mg_dl,
  }));
}

/** A patient as listed for the caller, with the span of their CGM data. */
export interface PatientRow {
  id: string;
  displayName: string;
  timezone: string;
  firstReadingTime: Date | null;
  lastReadingTime: Date | null;
}

/** Patients the caller may read, by display name. */
export async function listReadablePatients(client: pg.PoolClient): Promise<PatientRow[]> {
  const result = await client.query<{
    id: string;
    display_name: string;
    timezone: string;
    first_reading_time: Date | null;
    last_reading_time: Date | null;
  }>('select * from readable_patients()');
  return result.rows.map((row) => ({
    id: row.id,
    displayName: row.display_name,
    timezone: row.timezone,
    firstReadingTime: row.first_reading_time,
    lastReadingTime: row.last_reading_time,
  }));
}

/** A patient the caller may read, without the span of their data. */
export interface ReadablePatient {
  id: string;
  displayName: string;
  /** IANA time zone of the patient. */
  timezone: string;
}

/**
 * Find one patient by ID under the rights of `listReadablePatients` (can_read_patient), with
 * one index lookup instead of a list. Returns null when the patient does not exist or the
 * caller may not read them. Roles without a grant on patients (engineer, bridge) get a
 * database error with SQLSTATE 42501 instead.
 */
export async function findReadablePatient(
  client: pg.PoolClient,
  patientId: string,
): Promise<ReadablePatient | null> {
  const result = await client.query<{ id: string; display_name: string; timezone: string }>(
    'select id, display_name, timezone from patients where id = $1 and can_read_patient(id)',
    [patientId],
  );
  const row = result.rows[0];
  return row ? { id: row.id, displayName: row.display_name, timezone: row.timezone } : null;
}

/** A user offered by the development login. */
export interface DevUserRow {
  id: string;
  displayName: string;
  role: 'patient' | 'clinician' | 'engineer' | 'admin';
}

/**
 * List every user, for the development login. Runs as the API's login role outside any application
 * role, so it takes a pool rather than a caller's transaction.
 */
export async function listDevUsers(pool: pg.Pool): Promise<DevUserRow[]> {
  const result = await pool.query<{ id: string; display_name: string; role: DevUserRow['role'] }>(
    'select id, display_name, role from dev_list_users()',
  );
  return result.rows.map((row) => ({ id: row.id, displayName: row.display_name, role: row.role }));
}

/**
 * Find one user by ID, for the API's check that a token's user still exists. Runs as the
 * API's login role outside any application role. Returns null for an unknown ID.
 */
export async function findUserById(pool: pg.Pool, userId: string): Promise<DevUserRow | null> {
  const result = await pool.query<{ id: string; display_name: string; role: DevUserRow['role'] }>(
    'select id, display_name, role from find_user($1)',
    [userId],
  );
  const row = result.rows[0];
  return row ? { id: row.id, displayName: row.display_name, role: row.role } : null;
}
