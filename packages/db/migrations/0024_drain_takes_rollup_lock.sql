-- The drain of the default partition can race with an aggregate refresh. It detaches the
-- default partition and truncates it after copying its rows, and neither step is MVCC-safe: a
-- refresh statement whose snapshot predates the drain's commit sees the default partition
-- empty and the new partition without the rows, so it writes the hour without them. The drain
-- now takes the refresh's advisory lock before it moves anything, so a refresh runs wholly
-- before or wholly after a move. (The loss in the job runner's test that 0022 names came from
-- the test itself, which staged a batch in two transactions; its staging is now one statement.)

-- Fail fast instead of queueing behind live traffic.
set local lock_timeout = '10s';
set local statement_timeout = '1min';

set local role phoenix_owner;

create or replace function drain_default_partitions() returns bigint
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

    -- The lock of refresh_glucose_rollups, so that no refresh reads the readings mid-move.
    perform pg_advisory_xact_lock(hashtext('phoenix glucose rollups'));
    execute format('alter table %I detach partition %I', parent, default_name);
    for week in execute format('select distinct week_start(time) from %I', default_name) loop
      perform ensure_week_partition(parent::regclass, week);
    end loop;
    execute format('insert into %I select * from %I', parent, default_name);
    get diagnostics count_here = row_count;
    moved := moved + count_here;
    if parent = 'cbg_readings' then
      insert into glucose_dirty_hours (patient_id, bucket)
      select distinct patient_id, hour_bucket(time) from cbg_readings_default;
    end if;
    execute format('truncate %I', default_name);
    execute format('alter table %I attach partition %I default', parent, default_name);
  end loop;
  return moved;
end
$$;
