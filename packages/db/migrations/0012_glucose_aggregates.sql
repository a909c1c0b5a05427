-- Hourly and daily CGM statistics per patient, so that reports read aggregates instead of raw
-- readings: continuous aggregates in TimescaleDB mode, rollup tables in plain mode, with the
-- same name and columns in both. Per hour and per UTC day they hold the reading count; the
-- sum and sum of squares of the glucose used for averages (numeric, so that sums are exact and
-- do not depend on the order of addition); minimum and maximum; the count in each consensus
-- band (below 54, 54–69, 70–180, 181–250, above 250 mg/dL); and the count of Low and High
-- readings. The hourly rows also keep every glucose value of the hour in agp_values, because
-- the AGP needs exact percentiles by local hour of day over many days; at one reading every
-- 5 minutes that is 12 values an hour, about as small as a sparse histogram and exact for
-- mmol/L sources too.
--
-- As the consensus metrics do (Battelino et al., Diabetes Care 2019), a Low reading counts in
-- the band below 54 and as its device threshold (40 mg/dL when missing) in averages, and a
-- High reading above 250 and as its threshold (400 mg/dL when missing).
--
-- Every change to cbg_readings logs its (patient, hour) in glucose_dirty_hours: the merger
-- logs the hours it inserts into, and a trigger logs updates and deletes. Readers take a dirty
-- hour from raw rows until a refresh has recomputed it and removed its log rows, so results
-- never depend on how far the refresh has come.

-- Fail fast instead of queueing behind live traffic; converting or rewriting large tables
-- may need a longer statement timeout, set by the operator for that run.
set local lock_timeout = '10s';
set local statement_timeout = '10min';

set local role phoenix_owner;

-- Start of the UTC hour and day holding an instant; equal to time_bucket of one hour and one
-- day, whose default origin is a midnight UTC.
create function hour_bucket(t timestamptz) returns timestamptz
language sql immutable parallel safe
as $$
  select date_bin(interval '1 hour', t, timestamptz '2000-01-03 00:00:00+00')
$$;

create function day_bucket(t timestamptz) returns timestamptz
language sql immutable parallel safe
as $$
  select date_bin(interval '1 day', t, timestamptz '2000-01-03 00:00:00+00')
$$;

create table glucose_dirty_hours (
  id bigint generated always as identity primary key,
  patient_id uuid not null,
  bucket timestamptz not null,
  logged_at timestamptz not null default now()
);
create index glucose_dirty_hours_patient_bucket on glucose_dirty_hours (patient_id, bucket);

-- Log the hours of a changed or deleted reading, old and new.
create function log_changed_glucose_hour() returns trigger
language plpgsql security definer
set search_path = public, pg_temp
as $$
begin
  insert into glucose_dirty_hours (patient_id, bucket) values (old.patient_id, hour_bucket(old.time));
  if tg_op = 'UPDATE'
    and (new.patient_id, hour_bucket(new.time)) is distinct from (old.patient_id, hour_bucket(old.time))
  then
    insert into glucose_dirty_hours (patient_id, bucket) values (new.patient_id, hour_bucket(new.time));
  end if;
  return null;
end
$$;

create trigger cbg_readings_50_dirty_hours after update or delete on cbg_readings
  for each row execute function log_changed_glucose_hour();

-- The aggregate definitions are written once here and used for both modes.
do $do$
declare
  glucose constant text := $sql$(case
    when out_of_range = 'low' then coalesce(
      case when threshold_mg_dl > 0 and threshold_mg_dl < 'Infinity' then threshold_mg_dl end, 40)
    when out_of_range = 'high' then coalesce(
      case when threshold_mg_dl > 0 and threshold_mg_dl < 'Infinity' then threshold_mg_dl end, 400)
    else value_mg_dl end)$sql$;
  usable constant text :=
    $sql$(out_of_range in ('low', 'high') or (value_mg_dl > 0 and value_mg_dl < 'Infinity'))$sql$;
  hourly_columns text;
  daily_columns constant text := $sql$
    sum(reading_count)::bigint as reading_count,
    sum(value_sum) as value_sum,
    sum(value_sum_squares) as value_sum_squares,
    min(value_min) as value_min,
    max(value_max) as value_max,
    sum(very_low_count)::bigint as very_low_count,
    sum(low_count)::bigint as low_count,
    sum(target_count)::bigint as target_count,
    sum(high_count)::bigint as high_count,
    sum(very_high_count)::bigint as very_high_count,
    sum(out_of_range_low_count)::bigint as out_of_range_low_count,
    sum(out_of_range_high_count)::bigint as out_of_range_high_count,
    count(*) as hours_with_data$sql$;
begin
  hourly_columns := format($sql$
    count(*) as reading_count,
    sum(%1$s::numeric) as value_sum,
    sum(%1$s::numeric * %1$s::numeric) as value_sum_squares,
    min(%1$s) as value_min,
    max(%1$s) as value_max,
    count(*) filter (where out_of_range = 'low' or value_mg_dl < 54) as very_low_count,
    count(*) filter (where value_mg_dl >= 54 and value_mg_dl < 70) as low_count,
    count(*) filter (where value_mg_dl >= 70 and value_mg_dl <= 180) as target_count,
    count(*) filter (where value_mg_dl > 180 and value_mg_dl <= 250) as high_count,
    count(*) filter (where out_of_range = 'high' or value_mg_dl > 250) as very_high_count,
    count(*) filter (where out_of_range = 'low') as out_of_range_low_count,
    count(*) filter (where out_of_range = 'high') as out_of_range_high_count,
    array_agg(%1$s) as agp_values$sql$, glucose);

  -- Shared with the read functions of the next migration, which recompute dirty hours.
  execute format(
    'create function glucose_for_averages(value_mg_dl double precision, out_of_range text, '
      'threshold_mg_dl double precision) returns double precision language sql immutable '
      'parallel safe as %L',
    'select ' || glucose
  );
  execute format(
    'create function glucose_is_usable(value_mg_dl double precision, out_of_range text) '
      'returns boolean language sql immutable parallel safe as %L',
    'select ' || usable
  );

  if storage_mode() = 'timescaledb' then
    execute format($sql$
      create materialized view glucose_hourly
      with (timescaledb.continuous, timescaledb.materialized_only = true) as
      select patient_id, time_bucket(interval '1 hour', time) as bucket, %s
      from cbg_readings
      where %s
      group by patient_id, time_bucket(interval '1 hour', time)
      with no data$sql$, hourly_columns, usable);
    execute format($sql$
      create materialized view glucose_daily
      with (timescaledb.continuous, timescaledb.materialized_only = true) as
      select patient_id, time_bucket(interval '1 day', bucket) as bucket, %s
      from glucose_hourly
      group by patient_id, time_bucket(interval '1 day', bucket)
      with no data$sql$, daily_columns);
    return;
  end if;

  create table glucose_hourly (
    patient_id uuid not null,
    bucket timestamptz not null,
    reading_count bigint not null,
    value_sum numeric not null,
    value_sum_squares numeric not null,
    value_min double precision not null,
    value_max double precision not null,
    very_low_count bigint not null,
    low_count bigint not null,
    target_count bigint not null,
    high_count bigint not null,
    very_high_count bigint not null,
    out_of_range_low_count bigint not null,
    out_of_range_high_count bigint not null,
    agp_values double precision[] not null,
    primary key (patient_id, bucket)
  );
  create table glucose_daily (
    patient_id uuid not null,
    bucket timestamptz not null,
    reading_count bigint not null,
    value_sum numeric not null,
    value_sum_squares numeric not null,
    value_min double precision not null,
    value_max double precision not null,
    very_low_count bigint not null,
    low_count bigint not null,
    target_count bigint not null,
    high_count bigint not null,
    very_high_count bigint not null,
    out_of_range_low_count bigint not null,
    out_of_range_high_count bigint not null,
    hours_with_data bigint not null,
    primary key (patient_id, bucket)
  );

  -- Recompute the hours of up to max_entries log rows, oldest first, and the days holding
  -- them; remove those log rows; return the hours and days recomputed. Log rows written
  -- after this transaction's first statement stay for the next run. Sequential scans are off
  -- because right after a bulk load, before ANALYZE, the planner may pick a sequential scan
  -- of cbg_readings for every hour, and plpgsql keeps that plan for the session.
  execute format($sql$
    create function refresh_glucose_rollups(max_entries integer)
    returns table (hours bigint, days bigint)
    language plpgsql security definer
    set search_path = public, pg_temp
    set enable_seqscan = off
    as $body$
    declare
      patient_ids uuid[];
      buckets timestamptz[];
      hour_count bigint;
      day_count bigint;
    begin
      if max_entries is null or max_entries < 1 then
        raise exception 'max_entries must be at least 1, not %%', max_entries using errcode = '22023';
      end if;
      perform pg_advisory_xact_lock(hashtext('phoenix glucose rollups'));
      with claimed as (
        delete from glucose_dirty_hours
        where id in (select id from glucose_dirty_hours order by id limit max_entries)
        returning patient_id, bucket
      )
      select array_agg(c.patient_id), array_agg(c.bucket)
      into patient_ids, buckets
      from (select distinct patient_id, bucket from claimed) c;
      if patient_ids is null then
        return query select 0::bigint, 0::bigint;
        return;
      end if;

      delete from glucose_hourly h
      using unnest(patient_ids, buckets) c(patient_id, bucket)
      where h.patient_id = c.patient_id and h.bucket = c.bucket;
      insert into glucose_hourly
      select r.patient_id, hour_bucket(r.time), %s
      from unnest(patient_ids, buckets) c(patient_id, bucket)
      join cbg_readings r
        on r.patient_id = c.patient_id and r.time >= c.bucket and r.time < c.bucket + interval '1 hour'
      where %s
      group by r.patient_id, hour_bucket(r.time);
      hour_count := cardinality(patient_ids);

      select array_agg(d.patient_id), array_agg(d.bucket) into patient_ids, buckets
      from (
        select distinct c.patient_id, day_bucket(c.bucket) as bucket
        from unnest(patient_ids, buckets) c(patient_id, bucket)
      ) d;
      day_count := cardinality(patient_ids);
      delete from glucose_daily d
      using unnest(patient_ids, buckets) c(patient_id, bucket)
      where d.patient_id = c.patient_id and d.bucket = c.bucket;
      insert into glucose_daily
      select h.patient_id, day_bucket(h.bucket), %s
      from unnest(patient_ids, buckets) c(patient_id, bucket)
      join glucose_hourly h
        on h.patient_id = c.patient_id and h.bucket >= c.bucket
        and h.bucket < c.bucket + interval '1 day'
      group by h.patient_id, day_bucket(h.bucket);
      return query select hour_count, day_count;
    end
    $body$ $sql$, hourly_columns, usable, daily_columns);
end
$do$;

-- Refresh policies keep recent days materialized even without the refresh job; their jobs
-- run as phoenix_owner, which migration 0011 allowed to log in for this.
do $$
begin
  if storage_mode() = 'timescaledb' then
    perform add_continuous_aggregate_policy('glucose_hourly',
      start_offset => interval '3 days', end_offset => interval '1 hour',
      schedule_interval => interval '15 minutes');
    perform add_continuous_aggregate_policy('glucose_daily',
      start_offset => interval '5 days', end_offset => interval '1 day',
      schedule_interval => interval '1 hour');
  end if;
end
$$;

-- Rows stored before this migration have no aggregate yet: log all their hours.
insert into glucose_dirty_hours (patient_id, bucket)
select distinct patient_id, hour_bucket(time) from cbg_readings;
