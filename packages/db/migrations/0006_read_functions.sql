-- Read functions for the dashboard and the API. Each checks the caller's right to the patient
-- before it returns a row, and raises SQLSTATE 42501 otherwise.

set local role phoenix_owner;

create function cbg_in_range(target uuid, from_time timestamptz, to_time timestamptz)
returns table (
  reading_time timestamptz,
  value_mg_dl double precision,
  out_of_range text,
  threshold_mg_dl double precision
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  return query
    select r.time, r.value_mg_dl, r.out_of_range, r.threshold_mg_dl
    from cbg_readings r
    where r.patient_id = target and r.time >= from_time and r.time < to_time
    order by r.time;
end
$$;

-- First and last CGM reading of each patient the caller may read.
create function readable_patients() returns table (
  id uuid,
  display_name text,
  timezone text,
  first_reading_time timestamptz,
  last_reading_time timestamptz
)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select p.id, p.display_name, p.timezone,
    (select min(r.time) from cbg_readings r where r.patient_id = p.id),
    (select max(r.time) from cbg_readings r where r.patient_id = p.id)
  from patients p
  where can_read_patient(p.id)
  order by p.display_name, p.id
$$;

-- Users listed by the development login, which stands in for OpenID Connect until it is set up.
-- Only the API's login role may call these, before it switches to an application role.
create function dev_list_users() returns table (id uuid, display_name text, role text)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select u.id, u.display_name, u.role from users u order by u.role, u.display_name
$$;

grant execute on function cbg_in_range(uuid, timestamptz, timestamptz), readable_patients()
  to phoenix_patient, phoenix_clinician;
grant execute on function dev_list_users() to phoenix_api;
