import type pg from 'pg';

/** An application user as the user and admins see it. */
export interface UserRow {
  id: string;
  displayName: string;
  role: 'patient' | 'clinician' | 'engineer' | 'admin';
  glucoseUnit: 'mg/dL' | 'mmol/L';
  timezone: string | null;
}

type UserRecord = {
  id: string;
  display_name: string;
  role: UserRow['role'];
  glucose_unit: UserRow['glucoseUnit'];
  timezone: string | null;
};

function toUser(row: UserRecord): UserRow {
  return {
    id: row.id,
    displayName: row.display_name,
    role: row.role,
    glucoseUnit: row.glucose_unit,
    timezone: row.timezone,
  };
}

/** Read the caller's own user row; null when the caller has no row. */
export async function readMe(client: pg.PoolClient): Promise<UserRow | null> {
  const result = await client.query<UserRecord>(
    'select id, display_name, role, glucose_unit, timezone from users where id = app_user_id()',
  );
  return result.rows[0] ? toUser(result.rows[0]) : null;
}

/** Change the caller's display preferences; returns the updated row. */
export async function updateMe(
  client: pg.PoolClient,
  changes: { glucoseUnit?: UserRow['glucoseUnit']; timezone?: string | null },
): Promise<UserRow | null> {
  const result = await client.query<UserRecord>(
    `update users set
       glucose_unit = coalesce($1, glucose_unit),
       timezone = case when $2 then $3 else timezone end
     where id = app_user_id()
     returning id, display_name, role, glucose_unit, timezone`,
    [changes.glucoseUnit ?? null, changes.timezone !== undefined, changes.timezone ?? null],
  );
  return result.rows[0] ? toUser(result.rows[0]) : null;
}

/** List every user, for admins. */
export async function listUsers(client: pg.PoolClient): Promise<UserRow[]> {
  const result = await client.query<UserRecord>(
    'select id, display_name, role, glucose_unit, timezone from users order by role, display_name',
  );
  return result.rows.map(toUser);
}

/** Create a user; admins only. */
export async function createUser(
  client: pg.PoolClient,
  user: { displayName: string; role: UserRow['role'] },
): Promise<UserRow> {
  const result = await client.query<UserRecord>(
    `insert into users (display_name, role) values ($1, $2)
     returning id, display_name, role, glucose_unit, timezone`,
    [user.displayName, user.role],
  );
  return toUser(result.rows[0]!);
}

/** Change a user's role; admins only. Returns null for an unknown user. */
export async function updateUserRole(
  client: pg.PoolClient,
  userId: string,
  role: UserRow['role'],
): Promise<UserRow | null> {
  const result = await client.query<UserRecord>(
    `update users set role = $2 where id = $1
     returning id, display_name, role, glucose_unit, timezone`,
    [userId, role],
  );
  return result.rows[0] ? toUser(result.rows[0]) : null;
}

/** A care team with its members' user IDs. */
export interface CareTeamRow {
  id: string;
  name: string;
  memberIds: string[];
}

/** Care teams with their members, for admins. */
export async function listCareTeams(client: pg.PoolClient): Promise<CareTeamRow[]> {
  const result = await client.query<{ id: string; name: string; member_ids: string[] }>(
    `select t.id, t.name, coalesce(array_agg(m.user_id order by m.user_id)
       filter (where m.user_id is not null), '{}') as member_ids
     from care_teams t left join care_team_members m on m.team_id = t.id
     group by t.id, t.name order by t.name`,
  );
  return result.rows.map((row) => ({ id: row.id, name: row.name, memberIds: row.member_ids }));
}

/** Create a care team; admins only. */
export async function createCareTeam(client: pg.PoolClient, name: string): Promise<CareTeamRow> {
  const result = await client.query<{ id: string; name: string }>(
    'insert into care_teams (name) values ($1) returning id, name',
    [name],
  );
  return { ...result.rows[0]!, memberIds: [] };
}

/** Add a user to a care team, or remove them; admins only. */
export async function setCareTeamMember(
  client: pg.PoolClient,
  teamId: string,
  userId: string,
  member: boolean,
): Promise<void> {
  if (member) {
    await client.query(
      'insert into care_team_members (team_id, user_id) values ($1, $2) on conflict do nothing',
      [teamId, userId],
    );
  } else {
    await client.query('delete from care_team_members where team_id = $1 and user_id = $2', [
      teamId,
      userId,
    ]);
  }
}
