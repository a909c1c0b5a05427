import pg from 'pg';

/** Demo people created on a first start against an empty database. */
export interface DemoSeed {
  patientUserId: string;
  patientId: string;
  clinicianUserId: string;
  engineerUserId: string;
  adminUserId: string;
  careTeamId: string;
}

/** Fixed IDs, so demo links and the README stay valid across fresh starts. */
export const DEMO_IDS: DemoSeed = {
  patientUserId: '00000000-0000-4000-8000-000000000001',
  patientId: '00000000-0000-4000-8000-000000000101',
  clinicianUserId: '00000000-0000-4000-8000-000000000002',
  engineerUserId: '00000000-0000-4000-8000-000000000003',
  adminUserId: '00000000-0000-4000-8000-000000000004',
  careTeamId: '00000000-0000-4000-8000-000000000201',
};

/**
 * Create the demo users, the demo patient and a care team the patient shares with, unless the
 * database already has users. Runs as the migration user. Returns the seed, or null when the
 * database was not empty.
 */
export async function seedDemo(adminUrl: string, timezone: string): Promise<DemoSeed | null> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('begin');
    const existing = await client.query('select 1 from users limit 1');
    if (existing.rowCount) {
      await client.query('rollback');
      return null;
    }
    const ids = DEMO_IDS;
    await client.query(
      `insert into users (id, display_name, role) values
        ($1, 'Demo Patient', 'patient'),
        ($2, 'Dr. Demo Clinician', 'clinician'),
        ($3, 'Demo Engineer', 'engineer'),
        ($4, 'Demo Admin', 'admin')`,
      [ids.patientUserId, ids.clinicianUserId, ids.engineerUserId, ids.adminUserId],
    );
    await client.query(
      'insert into patients (id, user_id, display_name, timezone) values ($1, $2, $3, $4)',
      [ids.patientId, ids.patientUserId, 'Demo Patient', timezone],
    );
    await client.query("insert into care_teams (id, name) values ($1, 'Demo Clinic')", [
      ids.careTeamId,
    ]);
    await client.query('insert into care_team_members (team_id, user_id) values ($1, $2)', [
      ids.careTeamId,
      ids.clinicianUserId,
    ]);
    await client.query('insert into patient_shares (patient_id, team_id) values ($1, $2)', [
      ids.patientId,
      ids.careTeamId,
    ]);
    await client.query('commit');
    return ids;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** Set the password of the API's login role, so the API connects as that role alone. */
export async function setApiPassword(adminUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // ALTER ROLE takes no bind parameters, so the password travels as a session setting and
    // format() quotes it inside the server.
    await client.query("select set_config('phoenix.api_password', $1, false)", [password]);
    await client.query(
      "do $$ begin execute format('alter role phoenix_api password %L', " +
        "current_setting('phoenix.api_password')); end $$",
    );
  } finally {
    await client.end();
  }
}
