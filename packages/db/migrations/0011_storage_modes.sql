-- The storage mode, chosen once from pg_available_extensions:
--
-- timescaledb  cbg_readings and device_records become hypertables in 7-day chunks, with
--              columnstore compression segmented by patient_id and ordered by time, and a policy
--              that compresses chunks older than 30 days.
-- plain        they stay native range partitions of 7 days (migration 0004). A maintenance job
--              creates partitions ahead of the data; rows for a week without a partition land in
--              a default partition, which the health endpoint reports and the job drains.
--
-- To keep plain mode on a server that has TimescaleDB, run before migrating:
--   alter database <name> set phoenix.storage_mode = 'plain';

-- Fail fast instead of queueing behind live traffic; converting or rewriting large tables
-- may need a longer statement timeout, set by the operator for that run.
set local lock_timeout = '10s';
set local statement_timeout = '10min';

set local role phoenix_owner;

create table storage_settings (
  id boolean primary key default true check (id),
  mode text not null check (mode in ('timescaledb', 'plain')),
  chosen_at timestamptz not null default now()
);

-- The storage mode of this database: 'timescaledb' or 'plain'.
create function storage_mode() returns text
language sql stable security definer
set search_path = public, pg_temp
as $$
  select mode from storage_settings
$$;

reset role;

-- Creating the extension needs the migration's own (superuser) role.
do $$
declare
  requested text := nullif(current_setting('phoenix.storage_mode', true), '');
  available boolean := exists (select 1 from pg_available_extensions where name = 'timescaledb');
  chosen text;
begin
  if requested is not null and requested not in ('timescaledb', 'plain') then
    raise exception 'phoenix.storage_mode is %, expected timescaledb or plain', requested
      using errcode = '22023';
  end if;
  chosen := coalesce(requested, case when available then 'timescaledb' else 'plain' end);
  if chosen = 'timescaledb' then
    if not available then
      raise exception 'phoenix.storage_mode is timescaledb but the server has no timescaledb '
        'extension; install it or set phoenix.storage_mode to plain' using errcode = '0A000';
    end if;
    create extension if not exists timescaledb;
  end if;
  insert into storage_settings (mode) values (chosen);
end
$$;

set local role phoenix_owner;

-- TimescaleDB cannot convert a partitioned table, so each time-series table is rebuilt as a
-- plain table with the same columns, constraints and triggers, made a hypertable, and filled
-- from the partitioned one, which is then dropped.
do $$
declare
  parent text;
  old_name text;
  index_row record;
  trigger_row record;
begin
  if storage_mode() <> 'timescaledb' then
    return;
  end if;
  foreach parent in array array['cbg_readings', 'device_records'] loop
    old_name := parent || '_partitioned';
    execute format('alter table %I rename to %I', parent, old_name);
    for index_row in
      select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = old_name::regclass
    loop
      execute format('alter index %I rename to %I', index_row.relname, index_row.relname || '_old');
    end loop;

    execute format(
      'create table %I (like %I including defaults including constraints including comments)',
      parent, old_name
    );
    execute format('alter table %I add primary key (patient_id, identity_hash, time)', parent);
    execute format('create index %I on %I (patient_id, time)', parent || '_patient_time', parent);
    perform create_hypertable(
      parent::regclass, by_range('time', interval '7 days'), create_default_indexes => false
    );

    for trigger_row in
      select pg_get_triggerdef(t.oid) as definition from pg_trigger t
      where t.tgrelid = old_name::regclass and not t.tgisinternal
    loop
      execute regexp_replace(
        trigger_row.definition, ' ON (public\.)?' || old_name || ' ', ' ON public.' || parent || ' '
      );
    end loop;

    execute format('insert into %I select * from %I', parent, old_name);
    execute format('drop table %I', old_name);

    execute format(
      'alter table %I set (timescaledb.enable_columnstore = true, '
        'timescaledb.segmentby = %L, timescaledb.orderby = %L)',
      parent, 'patient_id', 'time'
    );
  end loop;
end
$$;

-- TimescaleDB runs a policy's background job as the owner of the hypertable and refuses an
-- owner that cannot log in, so phoenix_owner gets LOGIN in this mode. It has no password, so
-- password authentication still admits nobody as phoenix_owner.
reset role;
do $$
begin
  if storage_mode() = 'timescaledb' then
    alter role phoenix_owner login;
    perform add_compression_policy('cbg_readings', compress_after => interval '30 days');
    perform add_compression_policy('device_records', compress_after => interval '30 days');
  end if;
end
$$;
set local role phoenix_owner;

-- Plain mode: a default partition catches rows of weeks that have no partition yet.
do $$
begin
  if storage_mode() <> 'plain' then
    return;
  end if;
  create table cbg_readings_default partition of cbg_readings default;
  create table device_records_default partition of device_records default;
end
$$;

-- Create the 7-day partitions from this week to `weeks_ahead` weeks ahead, for both time-series
-- tables, and return how many it created. A week whose rows already sit in the default
-- partition is skipped, because the partition cannot be created around them; the next
-- drain_default_partitions moves them. Does nothing in TimescaleDB mode, where chunks are
-- created on insert.
create function create_partitions_ahead(weeks_ahead integer) returns integer
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  parent text;
  week timestamptz;
  created integer := 0;
  waiting boolean;
begin
  if weeks_ahead is null or weeks_ahead < 0 or weeks_ahead > 520 then
    raise exception 'weeks_ahead must be 0–520, not %', weeks_ahead using errcode = '22023';
  end if;
  if storage_mode() <> 'plain' then
    return 0;
  end if;
  foreach parent in array array['cbg_readings', 'device_records'] loop
    for week in
      select week_start(now()) + n * interval '7 days' from generate_series(0, weeks_ahead) n
    loop
      execute format(
        'select exists (select 1 from %I where time >= $1 and time < $2)', parent || '_default'
      ) into waiting using week, week + interval '7 days';
      if not waiting and ensure_week_partition(parent::regclass, week) then
        created := created + 1;
      end if;
    end loop;
  end loop;
  return created;
end
$$;

-- Move every row of the default partitions into 7-day partitions of their own, creating them,
-- and return how many rows moved. Each table's default partition is detached, emptied into
-- the parent and attached again in this transaction, which holds an ACCESS EXCLUSIVE lock on
-- the parent meanwhile; moved rows keep their values, so no aggregate changes.
create function drain_default_partitions() returns bigint
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  parent text;
  default_name text;
  week timestamptz;
  has_rows boolean;
  moved bigint := 0;
  count_here bigint;
begin
  if storage_mode() <> 'plain' then
    return 0;
  end if;
  foreach parent in array array['cbg_readings', 'device_records'] loop
    default_name := parent || '_default';
    execute format('select exists (select 1 from %I)', default_name) into has_rows;
    continue when not has_rows;

    execute format('alter table %I detach partition %I', parent, default_name);
    for week in execute format('select distinct week_start(time) from %I', default_name) loop
      perform ensure_week_partition(parent::regclass, week);
    end loop;
    execute format('insert into %I select * from %I', parent, default_name);
    get diagnostics count_here = row_count;
    moved := moved + count_here;
    execute format('truncate %I', default_name);
    execute format('alter table %I attach partition %I default', parent, default_name);
  end loop;
  return moved;
end
$$;

select create_partitions_ahead(8);
