-- Readings that land in the default partition, because their week had no partition yet, are
-- moved by drain_default_partitions into the week's new partition. The move detaches the
-- default partition, so an aggregate refresh that ran beside it could find the hour without
-- its readings and drop its rollup row, and nothing logged the hour again: the rollups kept
-- missing the hour while its readings were stored (seen in the job runner's test under load).
-- The drain now logs every hour it moves readings for as dirty, so the next refresh recomputes
-- them from the readings in their new partition.

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
