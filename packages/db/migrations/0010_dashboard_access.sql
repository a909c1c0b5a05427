-- What the role-scoped dashboard needs beyond readings: each user's display preferences,
-- clinicians' review marks, sharing managed by the patient, device records for the daily view,
-- and the engineer's view of uploads without record values.

set local role phoenix_owner;

-- Display preferences: the unit exists already; the time zone is new (null: the patient's).
alter table users add column timezone text;

create table patient_reviews (
  patient_id uuid not null references patients (id),
  clinician_user_id uuid not null references users (id),
  reviewed_at timestamptz not null default now(),
  primary key (patient_id, clinician_user_id)
);
alter table patient_reviews enable row level security;
alter table patient_reviews force row level security;
create policy patient_reviews_own on patient_reviews for all to phoenix_clinician
  using (clinician_user_id = app_user_id() and can_read_patient(patient_id))
  with check (clinician_user_id = app_user_id() and can_read_patient(patient_id));
grant select, insert, update on patient_reviews to phoenix_clinician;
create trigger patient_reviews_90_audit after insert or update or delete on patient_reviews
  for each row execute function audit.record_change();

-- Users change their own display preferences, nothing else of their row.
create policy users_self_update on users for update
  using (id = app_user_id()) with check (id = app_user_id());
grant update (glucose_unit, timezone) on users
  to phoenix_patient, phoenix_clinician, phoenix_engineer, phoenix_admin;
grant select on users to phoenix_engineer;

-- Care teams a patient can invite. Team names are not personal data.
create function care_team_directory() returns table (id uuid, name text)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select t.id, t.name from care_teams t order by t.name, t.id
$$;

-- The care teams a patient shares with, current and revoked.
create function patient_shares_of(target uuid) returns table (
  team_id uuid, team_name text, granted_at timestamptz, revoked_at timestamptz
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query
    select s.team_id, t.name, s.granted_at, s.revoked_at
    from patient_shares s join care_teams t on t.id = s.team_id
    where s.patient_id = target
    order by t.name;
end
$$;

-- Grant or revoke a care team's access. Only the patient may decide who sees their data.
create function set_patient_share(target uuid, team uuid, granted boolean) returns void
language plpgsql security definer
set search_path = public, pg_temp
as $$
begin
  if not exists (select 1 from patients p where p.id = target and p.user_id = app_user_id()) then
    raise exception 'only the patient may change who sees patient %', target using errcode = '42501';
  end if;
  if not exists (select 1 from care_teams t where t.id = team) then
    raise exception 'care team % not found', team using errcode = 'P0002';
  end if;
  if granted then
    insert into patient_shares (patient_id, team_id) values (target, team)
    on conflict (patient_id, team_id) do update set granted_at = now(), revoked_at = null
      where patient_shares.revoked_at is not null;
  else
    update patient_shares set revoked_at = now()
    where patient_id = target and team_id = team and revoked_at is null;
  end if;
end
$$;

-- Records other than CGM readings in [from_time, to_time), for the daily view.
create function device_records_in_range(target uuid, from_time timestamptz, to_time timestamptz)
returns table (
  record_time timestamptz,
  type text,
  value_mg_dl double precision,
  out_of_range text,
  payload jsonb
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query
    select r.time, r.type, r.value_mg_dl, r.out_of_range, r.payload
    from device_records r
    where r.patient_id = target and r.time >= from_time and r.time < to_time
    order by r.time;
end
$$;

-- Uploads per hour across all patients, for engineers and admins.
create function engineer_uploads_per_hour(from_time timestamptz, to_time timestamptz)
returns table (
  hour timestamptz, batches bigint, records bigint, accepted bigint, duplicates bigint,
  rejected bigint
)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select date_trunc('hour', b.received_at), count(*), sum(b.record_count),
    coalesce(sum(b.accepted), 0), coalesce(sum(b.duplicates), 0), sum(b.rejected)
  from upload_batches b
  where b.received_at >= from_time and b.received_at < to_time
  group by 1 order by 1
$$;

-- Rejected records by field and reason, without the rejected values.
create function engineer_rejections(from_time timestamptz, to_time timestamptz)
returns table (field text, message text, records bigint)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select r->>'field', r->>'message', count(*)
  from upload_batches b, jsonb_array_elements(b.rejections) r
  where b.received_at >= from_time and b.received_at < to_time
  group by 1, 2 order by 3 desc, 1, 2
$$;

grant execute on function care_team_directory(), patient_shares_of(uuid),
  device_records_in_range(uuid, timestamptz, timestamptz)
  to phoenix_patient, phoenix_clinician;
grant execute on function set_patient_share(uuid, uuid, boolean) to phoenix_patient;
grant delete on care_team_members to phoenix_admin;
grant execute on function engineer_uploads_per_hour(timestamptz, timestamptz),
  engineer_rejections(timestamptz, timestamptz)
  to phoenix_engineer, phoenix_admin;
