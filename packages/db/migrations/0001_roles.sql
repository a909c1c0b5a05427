-- Database roles. Roles are shared by every database of a cluster, so each is created only when
-- missing, and the grants are repeated for every new database.
--
-- phoenix_owner     owns tables and SECURITY DEFINER functions; no login; bypasses row security
--                   because its definer functions check the caller's rights themselves.
-- phoenix_api       the API's login; it can do nothing but switch to an application role.
-- phoenix_patient, phoenix_clinician, phoenix_engineer, phoenix_admin
--                   application roles, one per kind of user; no login.
-- phoenix_bridge    a relay that writes uploads for the patient it is paired with; no login.

do $$
declare
  role_name text;
begin
  if not exists (select 1 from pg_roles where rolname = 'phoenix_owner') then
    create role phoenix_owner nologin bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'phoenix_api') then
    create role phoenix_api login noinherit;
  end if;
  foreach role_name in array array[
    'phoenix_patient', 'phoenix_clinician', 'phoenix_engineer', 'phoenix_admin', 'phoenix_bridge'
  ] loop
    if not exists (select 1 from pg_roles where rolname = role_name) then
      execute format('create role %I nologin', role_name);
    end if;
    execute format('grant %I to phoenix_api', role_name);
  end loop;
  execute format('grant create on database %I to phoenix_owner', current_database());
end
$$;

-- The owner creates every object from migration 0002 on.
grant create, usage on schema public to phoenix_owner;

revoke all on schema public from public;
grant usage on schema public to
  phoenix_api, phoenix_patient, phoenix_clinician, phoenix_engineer, phoenix_admin, phoenix_bridge;
