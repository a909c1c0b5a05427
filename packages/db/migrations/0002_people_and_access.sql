-- Users, patients, care teams and the shares that let a care team read a patient's data.
-- Every table here holds personal data or access rights, so row security is enabled and forced
-- right after each table is created.

create extension if not exists pgcrypto;

set local role phoenix_owner;

-- Functions are callable only by the roles granted below, not by everyone.
alter default privileges revoke execute on functions from public;

-- The application user of the current transaction, set by the API with
-- set_config('app.user_id', …, true). Null when unset, as for direct SQL.
create function app_user_id() returns uuid
language sql stable
as $$
  select nullif(current_setting('app.user_id', true), '')::uuid
$$;

create table users (
  id uuid primary key default gen_random_uuid(),
  display_name text not null check (length(display_name) between 1 and 200),
  role text not null check (role in ('patient', 'clinician', 'engineer', 'admin')),
  -- Preferred glucose unit and time zone for what the dashboard shows this user.
  glucose_unit text not null default 'mg/dL' check (glucose_unit in ('mg/dL', 'mmol/L')),
  created_at timestamptz not null default now()
);
alter table users enable row level security;
alter table users force row level security;

create table patients (
  id uuid primary key default gen_random_uuid(),
  -- The patient's own login, when they have one.
  user_id uuid unique references users (id),
  display_name text not null check (length(display_name) between 1 and 200),
  -- IANA zone used to turn device wall-clock times into UTC instants.
  timezone text not null,
  created_at timestamptz not null default now()
);
alter table patients enable row level security;
alter table patients force row level security;

create table care_teams (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);
alter table care_teams enable row level security;
alter table care_teams force row level security;

create table care_team_members (
  team_id uuid not null references care_teams (id),
  user_id uuid not null references users (id),
  primary key (team_id, user_id)
);
alter table care_team_members enable row level security;
alter table care_team_members force row level security;

-- A patient's grant of read access to a care team; revoking sets revoked_at and keeps the row.
create table patient_shares (
  patient_id uuid not null references patients (id),
  team_id uuid not null references care_teams (id),
  granted_at timestamptz not null default now(),
  revoked_at timestamptz,
  primary key (patient_id, team_id)
);
alter table patient_shares enable row level security;
alter table patient_shares force row level security;

-- True when the current application user may read the patient's health data: the patient
-- themselves, or a member of a care team the patient shares with and has not revoked.
create function can_read_patient(target uuid) returns boolean
language sql stable security definer
set search_path = public, pg_temp
as $$
  select exists (
    select 1 from patients p where p.id = target and p.user_id = app_user_id()
  ) or exists (
    select 1
    from patient_shares s
    join care_team_members m on m.team_id = s.team_id
    where s.patient_id = target and s.revoked_at is null and m.user_id = app_user_id()
  )
$$;

-- Writing a patient's data follows the same rule as reading it for now: the patient, or a
-- clinician of a care team with access, may upload on the patient's behalf.
create function can_write_patient(target uuid) returns boolean
language sql stable security definer
set search_path = public, pg_temp
as $$
  select can_read_patient(target)
$$;

create policy users_self on users for select
  using (id = app_user_id());
create policy users_admin_write on users for all to phoenix_admin using (true) with check (true);

create policy patients_readable on patients for select using (can_read_patient(id));
create policy patients_admin on patients for all to phoenix_admin using (true) with check (true);

create policy care_teams_members on care_teams for select using (
  exists (select 1 from care_team_members m where m.team_id = id and m.user_id = app_user_id())
);
create policy care_teams_admin on care_teams for all to phoenix_admin using (true) with check (true);

create policy care_team_members_self on care_team_members for select
  using (user_id = app_user_id());
create policy care_team_members_admin on care_team_members for all to phoenix_admin
  using (true) with check (true);

create policy patient_shares_readable on patient_shares for select using (can_read_patient(patient_id));

grant select on users, patients, care_teams, care_team_members, patient_shares
  to phoenix_patient, phoenix_clinician, phoenix_admin;
grant insert, update on users, patients, care_teams, care_team_members to phoenix_admin;
grant execute on function app_user_id(), can_read_patient(uuid), can_write_patient(uuid)
  to phoenix_patient, phoenix_clinician, phoenix_engineer, phoenix_admin, phoenix_bridge;
