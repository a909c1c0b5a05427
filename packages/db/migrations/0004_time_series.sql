-- Time series: CGM readings and the other device records, range-partitioned by time in 7-day
-- partitions. The primary keys contain the time column, so the same tables can become
-- TimescaleDB hypertables. Application roles get no grant on these tables; reads go through
-- SECURITY DEFINER functions that check the caller's rights first, because TimescaleDB refuses
-- compression on tables with row security.

set local role phoenix_owner;

create table cbg_readings (
  patient_id uuid not null,
  time timestamptz not null,
  -- SHA-256 of device, type, instant and distinguishing fields; the same reading is kept once.
  identity_hash bytea not null,
  device_id uuid not null,
  upload_id uuid not null,
  -- Glucose in mg/dL; null when the reading is out of range.
  value_mg_dl double precision,
  out_of_range text check (out_of_range in ('low', 'high')),
  threshold_mg_dl double precision,
  rate_mg_dl_per_min double precision,
  trend text,
  transmitter_time_sec bigint,
  -- Device wall-clock time and the offsets that link it to time.
  device_time timestamp not null,
  timezone_offset_min integer not null,
  clock_drift_offset_ms integer not null default 0,
  conversion_offset_ms bigint not null default 0,
  time_resolution text not null,
  source_format text,
  source_line integer,
  check ((value_mg_dl is null) <> (out_of_range is null)),
  check ((out_of_range is null) = (threshold_mg_dl is null)),
  primary key (patient_id, identity_hash, time)
) partition by range (time);
create index cbg_readings_patient_time on cbg_readings (patient_id, time);

-- Records other than CGM readings: fingersticks, calibrations, insulin, carbs, device events
-- and settings, with their type-specific fields in payload.
create table device_records (
  patient_id uuid not null,
  time timestamptz not null,
  identity_hash bytea not null,
  type text not null,
  device_id uuid not null,
  upload_id uuid not null,
  device_time timestamp not null,
  timezone_offset_min integer not null,
  clock_drift_offset_ms integer not null default 0,
  conversion_offset_ms bigint not null default 0,
  time_resolution text not null,
  value_mg_dl double precision,
  out_of_range text check (out_of_range in ('low', 'high')),
  threshold_mg_dl double precision,
  payload jsonb not null default '{}',
  source_format text,
  source_line integer,
  primary key (patient_id, identity_hash, time)
) partition by range (time);
create index device_records_patient_time on device_records (patient_id, time);

-- Start of the 7-day partition holding an instant. Partitions start on Mondays at 00:00 UTC.
create function week_start(t timestamptz) returns timestamptz
language sql immutable
as $$
  select timestamptz '2000-01-03 00:00:00+00'
    + floor(extract(epoch from t - timestamptz '2000-01-03 00:00:00+00') / 604800)
    * interval '7 days'
$$;

-- Create the 7-day partition of parent that holds the given week, unless it exists. Returns
-- true when it created one. An advisory lock serialises concurrent creators.
create function ensure_week_partition(parent regclass, week timestamptz) returns boolean
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  partition_name text := format('%s_p%s', parent, to_char(week at time zone 'UTC', 'YYYYMMDD'));
begin
  perform pg_advisory_xact_lock(hashtext('phoenix partitions'), hashtext(partition_name));
  if to_regclass(partition_name) is not null then
    return false;
  end if;
  execute format(
    'create table %I partition of %s for values from (%L) to (%L)',
    partition_name, parent, week, week + interval '7 days'
  );
  return true;
end
$$;
