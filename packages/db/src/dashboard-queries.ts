import type pg from 'pg';

/** A record other than a CGM reading, for the daily view. */
export interface DeviceRecordRow {
  time: Date;
  type: string;
  valueMgDl: number | null;
  outOfRange: 'low' | 'high' | null;
  /** Type-specific fields of the canonical record, for example `normalUnits` of a bolus. */
  payload: Record<string, unknown>;
}

/** Records other than CGM readings in [from, to); raises 42501 for a patient out of reach. */
export async function readDeviceRecords(
  client: pg.PoolClient,
  patientId: string,
  from: Date,
  to: Date,
): Promise<DeviceRecordRow[]> {
  const result = await client.query<{
    record_time: Date;
    type: string;
    value_mg_dl: number | null;
    out_of_range: 'low' | 'high' | null;
    payload: Record<string, unknown>;
  }>('select * from device_records_in_range($1, $2, $3)', [patientId, from, to]);
  return result.rows.map((row) => ({
    time: row.record_time,
    type: row.type,
    valueMgDl: row.value_mg_dl,
    outOfRange: row.out_of_range,
    payload: row.payload,
  }));
}

/** A care team's access to a patient. */
export interface ShareRow {
  teamId: string;
  teamName: string;
  grantedAt: Date;
  revokedAt: Date | null;
}

/** List the care teams a patient shares with, current and revoked. */
export async function listShares(client: pg.PoolClient, patientId: string): Promise<ShareRow[]> {
  const result = await client.query<{
    team_id: string;
    team_name: string;
    granted_at: Date;
    revoked_at: Date | null;
  }>('select * from patient_shares_of($1)', [patientId]);
  return result.rows.map((row) => ({
    teamId: row.team_id,
    teamName: row.team_name,
    grantedAt: row.granted_at,
    revokedAt: row.revoked_at,
  }));
}

/**
 * Grant or revoke a care team's access to the patient. Raises 42501 unless the caller is the
 * patient, and P0002 for an unknown team.
 */
export async function setShare(
  client: pg.PoolClient,
  patientId: string,
  teamId: string,
  granted: boolean,
): Promise<void> {
  await client.query('select set_patient_share($1, $2, $3)', [patientId, teamId, granted]);
}

/** List every care team by name, for a patient choosing whom to invite. */
export async function listCareTeamDirectory(
  client: pg.PoolClient,
): Promise<{ id: string; name: string }[]> {
  return (await client.query<{ id: string; name: string }>('select * from care_team_directory()'))
    .rows;
}

/** A device of a patient and its last upload. */
export interface DeviceRow {
  id: string;
  patientId: string;
  deviceKey: string;
  createdAt: Date;
  lastUploadAt: Date | null;
}

/** Devices the caller may see, optionally of one patient, most recently seen first. */
export async function listDevices(
  client: pg.PoolClient,
  patientId: string | null,
): Promise<DeviceRow[]> {
  const result = await client.query<{
    id: string;
    patient_id: string;
    device_key: string;
    created_at: Date;
    last_upload_at: Date | null;
  }>(
    `select id, patient_id, device_key, created_at, last_upload_at from devices
     where ($1::uuid is null or patient_id = $1)
     order by last_upload_at desc nulls last, device_key`,
    [patientId],
  );
  return result.rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    deviceKey: row.device_key,
    createdAt: row.created_at,
    lastUploadAt: row.last_upload_at,
  }));
}

/** Record that the calling clinician reviewed the patient now; returns the time stored. */
export async function markReviewed(client: pg.PoolClient, patientId: string): Promise<Date> {
  const result = await client.query<{ reviewed_at: Date }>(
    `insert into patient_reviews (patient_id, clinician_user_id)
     values ($1, app_user_id())
     on conflict (patient_id, clinician_user_id) do update set reviewed_at = now()
     returning reviewed_at`,
    [patientId],
  );
  return result.rows[0]!.reviewed_at;
}

/** When the calling clinician last reviewed each patient, by patient ID. */
export async function listReviews(client: pg.PoolClient): Promise<Map<string, Date>> {
  const result = await client.query<{ patient_id: string; reviewed_at: Date }>(
    'select patient_id, reviewed_at from patient_reviews where clinician_user_id = app_user_id()',
  );
  return new Map(result.rows.map((row) => [row.patient_id, row.reviewed_at]));
}

/** Upload counts for one hour across all patients. */
export interface UploadHourRow {
  hour: Date;
  batches: number;
  records: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Uploads per hour in [from, to), for engineers and admins. */
export async function uploadsPerHour(
  client: pg.PoolClient,
  from: Date,
  to: Date,
): Promise<UploadHourRow[]> {
  const result = await client.query<Record<keyof UploadHourRow, string> & { hour: Date }>(
    'select * from engineer_uploads_per_hour($1, $2)',
    [from, to],
  );
  return result.rows.map((row) => ({
    hour: row.hour,
    batches: Number(row.batches),
    records: Number(row.records),
    accepted: Number(row.accepted),
    duplicates: Number(row.duplicates),
    rejected: Number(row.rejected),
  }));
}

/** Rejected records in [from, to) by field and reason, without their values. */
export async function rejectionsByReason(
  client: pg.PoolClient,
  from: Date,
  to: Date,
): Promise<{ field: string; message: string; records: number }[]> {
  const result = await client.query<{ field: string; message: string; records: string }>(
    'select * from engineer_rejections($1, $2)',
    [from, to],
  );
  return result.rows.map((row) => ({ ...row, records: Number(row.records) }));
}

/** Check whether the caller may read the patient's data. */
export async function canReadPatient(client: pg.PoolClient, patientId: string): Promise<boolean> {
  const result = await client.query<{ allowed: boolean }>(
    'select can_read_patient($1) as allowed',
    [patientId],
  );
  return result.rows[0]?.allowed === true;
}
