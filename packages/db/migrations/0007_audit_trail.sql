-- Immutable audit trail. A trigger on every table with health data or access rights writes the
-- before and after images of each change, the actor, the transaction and the time into
-- audit.events. Each event carries a SHA-256 hash chained to the previous event and an HMAC
-- made with a key that only the audit owner can read, so a changed, removed or inserted event
-- is found by audit.verify(). Updates, deletes and truncation of events are rejected.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'phoenix_audit') then
    create role phoenix_audit nologin;
  end if;
end
$$;

create schema audit authorization phoenix_audit;
revoke all on schema audit from public;
grant usage on schema audit to phoenix_owner, phoenix_admin;
-- The trigger functions run as phoenix_audit and call pgcrypto, which lives in public.
grant usage on schema public to phoenix_audit;

set local role phoenix_audit;

alter default privileges in schema audit revoke execute on functions from public;

-- The HMAC key, readable by phoenix_audit alone.
create table audit.signing_key (
  id boolean primary key default true check (id),
  key bytea not null check (length(key) = 32)
);
insert into audit.signing_key (key) values (public.gen_random_bytes(32));

create table audit.events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default clock_timestamp(),
  transaction_id bigint not null default txid_current(),
  -- The application user (app.user_id), or the database user for direct SQL.
  actor text not null,
  -- The database role in force, for example phoenix_clinician or postgres.
  db_role text not null,
  table_name text not null,
  operation text not null check (operation in ('INSERT', 'UPDATE', 'DELETE')),
  row_before jsonb,
  row_after jsonb,
  previous_hash bytea,
  hash bytea not null,
  hmac bytea not null
);

-- Text whose SHA-256 is the event's hash: every field in a fixed order, times as epoch
-- microseconds so the text does not depend on the session's DateStyle or TimeZone.
create function audit.event_text(
  event_id bigint, occurred_at timestamptz, transaction_id bigint, actor text, db_role text,
  table_name text, operation text, row_before jsonb, row_after jsonb
) returns bytea
language sql immutable
as $$
  select convert_to(
    concat_ws(
      '|', event_id, (extract(epoch from occurred_at) * 1000000)::bigint, transaction_id, actor,
      db_role, table_name, operation, coalesce(row_before::text, 'null'),
      coalesce(row_after::text, 'null')
    ),
    'UTF8'
  )
$$;

-- Append one event for a change. Runs as the audit owner, so no other role needs a grant on
-- audit.events; a call outside a trigger is rejected, so events cannot be made up. An advisory
-- lock held until commit serialises writers, so the chain follows commit order.
create function audit.append_event(
  db_role text, table_name text, operation text, row_before jsonb, row_after jsonb
) returns void
language plpgsql security definer
set search_path = audit, public, pg_temp
as $$
declare
  previous bytea;
  event audit.events;
  signing bytea;
begin
  if pg_trigger_depth() < 1 then
    raise exception 'audit events are written by triggers only' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtext('phoenix audit chain'));
  select e.hash into previous from audit.events e order by e.id desc limit 1;
  select k.key into signing from audit.signing_key k;

  event.id := nextval(pg_get_serial_sequence('audit.events', 'id'));
  event.occurred_at := clock_timestamp();
  event.transaction_id := txid_current();
  event.actor := coalesce(nullif(current_setting('app.user_id', true), ''), session_user::text);
  event.db_role := db_role;
  event.table_name := table_name;
  event.operation := operation;
  event.row_before := row_before;
  event.row_after := row_after;
  event.previous_hash := previous;
  event.hash := public.digest(
    coalesce(previous, '') || audit.event_text(
      event.id, event.occurred_at, event.transaction_id, event.actor, event.db_role,
      event.table_name, event.operation, event.row_before, event.row_after
    ),
    'sha256'
  );
  event.hmac := public.hmac(event.hash, signing, 'sha256');

  insert into audit.events overriding system value select event.*;
end
$$;

-- Trigger function on audited tables. It runs as the role that made the change, so it can
-- record that role, and hands the event to audit.append_event.
create function audit.record_change() returns trigger
language plpgsql
set search_path = audit, public, pg_temp
as $$
begin
  perform audit.append_event(
    current_user::text,
    tg_table_schema || '.' || tg_table_name,
    tg_op,
    case when tg_op <> 'INSERT' then to_jsonb(old) end,
    case when tg_op <> 'DELETE' then to_jsonb(new) end
  );
  return null;
end
$$;

create function audit.reject_change() returns trigger
language plpgsql
as $$
begin
  raise exception 'audit events are append-only: % is not allowed', tg_op
    using errcode = '42501';
end
$$;

create trigger events_00_append_only
  before update or delete on audit.events
  for each row execute function audit.reject_change();
create trigger events_01_no_truncate
  before truncate on audit.events
  for each statement execute function audit.reject_change();

-- Outcome of audit.verify(): how many events were checked and the first broken link.
create type audit.verification as (
  ok boolean,
  checked bigint,
  first_broken_id bigint,
  reason text
);

-- Recompute every event's hash and HMAC in order and report the first event whose stored
-- values, or link to the previous event, do not match.
create function audit.verify() returns audit.verification
language plpgsql stable security definer
set search_path = audit, public, pg_temp
as $$
declare
  event audit.events;
  previous bytea := null;
  expected bytea;
  signing bytea;
  checked bigint := 0;
begin
  select k.key into signing from audit.signing_key k;
  for event in select * from audit.events order by id loop
    checked := checked + 1;
    if event.previous_hash is distinct from previous then
      return (false, checked, event.id,
        'previous_hash does not match the hash of the event before it'::text);
    end if;
    expected := public.digest(
      coalesce(previous, '') || audit.event_text(
        event.id, event.occurred_at, event.transaction_id, event.actor, event.db_role,
        event.table_name, event.operation, event.row_before, event.row_after
      ),
      'sha256'
    );
    if event.hash <> expected then
      return (false, checked, event.id, 'hash does not match the event''s contents'::text);
    end if;
    if event.hmac <> public.hmac(expected, signing, 'sha256') then
      return (false, checked, event.id, 'hmac does not match the signing key'::text);
    end if;
    previous := event.hash;
  end loop;
  return (true, checked, null::bigint, null::text);
end
$$;

grant execute on function audit.verify() to phoenix_admin;
grant execute on function audit.record_change() to phoenix_owner;
-- Every role that changes an audited table runs the trigger, and so calls append_event.
grant execute on function audit.append_event(text, text, text, jsonb, jsonb) to public;
grant usage on schema audit to
  phoenix_patient, phoenix_clinician, phoenix_engineer, phoenix_admin, phoenix_bridge, phoenix_api;

-- Admins read who changed what and when, and run verify. The row images stay with the audit
-- owner, because images of readings hold health data that admins may not read.
grant select (id, occurred_at, transaction_id, actor, db_role, table_name, operation)
  on audit.events to phoenix_admin;

reset role;
set local role phoenix_owner;

-- Tables with health data or access rights. Readings are audited per upload batch, whose row
-- carries the batch's digest, and on every update or delete.
create trigger users_90_audit after insert or update or delete on users
  for each row execute function audit.record_change();
create trigger patients_90_audit after insert or update or delete on patients
  for each row execute function audit.record_change();
create trigger care_teams_90_audit after insert or update or delete on care_teams
  for each row execute function audit.record_change();
create trigger care_team_members_90_audit after insert or update or delete on care_team_members
  for each row execute function audit.record_change();
create trigger patient_shares_90_audit after insert or update or delete on patient_shares
  for each row execute function audit.record_change();
create trigger devices_90_audit after insert or update or delete on devices
  for each row execute function audit.record_change();
create trigger upload_batches_90_audit after insert or update or delete on upload_batches
  for each row execute function audit.record_change();
create trigger cbg_readings_90_audit after update or delete on cbg_readings
  for each row execute function audit.record_change();
create trigger device_records_90_audit after update or delete on device_records
  for each row execute function audit.record_change();
