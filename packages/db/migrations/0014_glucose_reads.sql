-- Read functions that answer CGM statistics, the AGP and the clinic's triage list from the
-- hourly and daily aggregates, the same in both storage modes. Whole UTC days come from
-- glucose_daily and the remaining whole hours from glucose_hourly. Raw readings are read only
-- for the partial hours at the ends of a period and for hours logged in glucose_dirty_hours,
-- which are the newest hours until the next refresh and any hour changed since.

-- Fail fast instead of queueing behind live traffic; converting or rewriting large tables
-- may need a longer statement timeout, set by the operator for that run.
set local lock_timeout = '10s';
set local statement_timeout = '10min';

set local role phoenix_owner;

-- Totals of usable CGM readings of each patient over their own period [from, to). Runs
-- with the owner's rights and checks nothing: callers check the caller's rights first. All
-- three arrays must have the same length. Sequential scans are off so that every part is read
-- through the indexes on (patient_id, time) and (patient_id, bucket), even when the
-- statistics are stale after a bulk load.
create function glucose_totals(
  patient_ids uuid[], from_times timestamptz[], to_times timestamptz[]
) returns table (
  patient_id uuid,
  reading_count bigint,
  value_sum numeric,
  value_sum_squares numeric,
  value_min double precision,
  value_max double precision,
  very_low_count bigint,
  low_count bigint,
  target_count bigint,
  high_count bigint,
  very_high_count bigint,
  out_of_range_low_count bigint,
  out_of_range_high_count bigint,
  days_with_data bigint,
  hours_with_data bigint
)
language sql stable
set search_path = public, pg_temp
set enable_seqscan = off
as $$
  with periods as (
    select x.patient_id, x.from_time, x.to_time,
      hour_bucket(x.from_time + interval '1 hour' - interval '1 microsecond') as from_hour,
      hour_bucket(x.to_time) as to_hour
    from unnest(patient_ids, from_times, to_times) x(patient_id, from_time, to_time)
  ),
  spans as (
    select p.*, p.to_hour > p.from_hour as has_hours,
      day_bucket(p.from_hour + interval '1 day' - interval '1 microsecond') as from_day,
      day_bucket(p.to_hour) as to_day
    from periods p
  ),
  dirty as (
    select distinct d.patient_id, d.bucket
    from spans s
    join glucose_dirty_hours d
      on d.patient_id = s.patient_id and d.bucket >= s.from_hour and d.bucket < s.to_hour
    where s.has_hours
  ),
  dirty_days as (
    select distinct d.patient_id, day_bucket(d.bucket) as bucket from dirty d
  ),
  raw_windows as (
    select s.patient_id, s.from_time as start_time,
      case when s.has_hours then s.from_hour else s.to_time end as end_time
    from spans s
    union all
    select s.patient_id, s.to_hour, s.to_time from spans s where s.has_hours
    union all
    select d.patient_id, d.bucket, d.bucket + interval '1 hour' from dirty d
  ),
  parts as (
    select a.patient_id, a.bucket as day, a.reading_count, a.value_sum, a.value_sum_squares,
      a.value_min, a.value_max, a.very_low_count, a.low_count, a.target_count, a.high_count,
      a.very_high_count, a.out_of_range_low_count, a.out_of_range_high_count, a.hours_with_data
    from spans s
    join glucose_daily a
      on a.patient_id = s.patient_id and a.bucket >= s.from_day and a.bucket < s.to_day
    where s.has_hours
      and not exists (
        select 1 from dirty_days x where x.patient_id = a.patient_id and x.bucket = a.bucket)
    union all
    select h.patient_id, day_bucket(h.bucket), h.reading_count, h.value_sum, h.value_sum_squares,
      h.value_min, h.value_max, h.very_low_count, h.low_count, h.target_count, h.high_count,
      h.very_high_count, h.out_of_range_low_count, h.out_of_range_high_count, 1
    from spans s
    join glucose_hourly h
      on h.patient_id = s.patient_id and h.bucket >= s.from_hour and h.bucket < s.to_hour
    where s.has_hours
      and (h.bucket < s.from_day or h.bucket >= s.to_day or exists (
        select 1 from dirty_days x
        where x.patient_id = h.patient_id and x.bucket = day_bucket(h.bucket)))
      and not exists (select 1 from dirty x where x.patient_id = h.patient_id and x.bucket = h.bucket)
    union all
    select r.patient_id, day_bucket(r.time), count(*),
      sum(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)::numeric),
      sum(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)::numeric
        * glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)::numeric),
      min(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)),
      max(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)),
      count(*) filter (where r.out_of_range = 'low' or r.value_mg_dl < 54),
      count(*) filter (where r.value_mg_dl >= 54 and r.value_mg_dl < 70),
      count(*) filter (where r.value_mg_dl >= 70 and r.value_mg_dl <= 180),
      count(*) filter (where r.value_mg_dl > 180 and r.value_mg_dl <= 250),
      count(*) filter (where r.out_of_range = 'high' or r.value_mg_dl > 250),
      count(*) filter (where r.out_of_range = 'low'),
      count(*) filter (where r.out_of_range = 'high'),
      count(distinct hour_bucket(r.time))
    from raw_windows w
    join cbg_readings r
      on r.patient_id = w.patient_id and r.time >= w.start_time and r.time < w.end_time
    where w.end_time > w.start_time and glucose_is_usable(r.value_mg_dl, r.out_of_range)
    group by r.patient_id, day_bucket(r.time)
  ),
  days as (
    select p.patient_id, p.day, sum(p.reading_count) as reading_count,
      sum(p.value_sum) as value_sum, sum(p.value_sum_squares) as value_sum_squares,
      min(p.value_min) as value_min, max(p.value_max) as value_max,
      sum(p.very_low_count) as very_low_count, sum(p.low_count) as low_count,
      sum(p.target_count) as target_count, sum(p.high_count) as high_count,
      sum(p.very_high_count) as very_high_count,
      sum(p.out_of_range_low_count) as out_of_range_low_count,
      sum(p.out_of_range_high_count) as out_of_range_high_count,
      sum(p.hours_with_data) as hours_with_data
    from parts p
    group by p.patient_id, p.day
  )
  select s.patient_id,
    coalesce(sum(d.reading_count), 0)::bigint, sum(d.value_sum), sum(d.value_sum_squares),
    min(d.value_min), max(d.value_max),
    coalesce(sum(d.very_low_count), 0)::bigint, coalesce(sum(d.low_count), 0)::bigint,
    coalesce(sum(d.target_count), 0)::bigint, coalesce(sum(d.high_count), 0)::bigint,
    coalesce(sum(d.very_high_count), 0)::bigint,
    coalesce(sum(d.out_of_range_low_count), 0)::bigint,
    coalesce(sum(d.out_of_range_high_count), 0)::bigint,
    count(d.day) filter (where d.reading_count > 0),
    coalesce(sum(d.hours_with_data), 0)::bigint
  from (select distinct p.patient_id from periods p) s
  left join days d on d.patient_id = s.patient_id
  group by s.patient_id
$$;

-- CGM statistics of a patient over [from_time, to_time): counts, the mean and the sample
-- variance (n − 1) of the glucose used for averages in mg/dL, minimum and maximum, counts per
-- consensus band and of Low and High readings, and the UTC days and hours with readings.
-- Raises 42501 when the caller may not read the patient, 22023 for an empty period.
create function glucose_statistics(target uuid, from_time timestamptz, to_time timestamptz)
returns table (
  reading_count bigint,
  mean_mg_dl double precision,
  variance_mg_dl double precision,
  min_mg_dl double precision,
  max_mg_dl double precision,
  very_low_count bigint,
  low_count bigint,
  target_count bigint,
  high_count bigint,
  very_high_count bigint,
  out_of_range_low_count bigint,
  out_of_range_high_count bigint,
  days_with_data bigint,
  hours_with_data bigint
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  if not to_time > from_time then
    raise exception 'to_time must be later than from_time' using errcode = '22023';
  end if;
  return query
    select t.reading_count,
      (t.value_sum / nullif(t.reading_count, 0))::double precision,
      case when t.reading_count >= 2 then
        ((t.reading_count * t.value_sum_squares - t.value_sum * t.value_sum)
          / (t.reading_count * (t.reading_count - 1)))::double precision
      end,
      t.value_min, t.value_max, t.very_low_count, t.low_count, t.target_count, t.high_count,
      t.very_high_count, t.out_of_range_low_count, t.out_of_range_high_count,
      t.days_with_data, t.hours_with_data
    from glucose_totals(array[target], array[from_time], array[to_time]) t;
end
$$;

-- The AGP of a patient over [from_time, to_time): for each local hour of day in the
-- patient's time zone, the count and the 5th, 25th, 50th, 75th and 95th percentiles of the
-- glucose used for averages, interpolated linearly (percentile_cont; Hyndman and Fan type 7).
-- Hours of day without readings are left out. Hourly aggregates map to local hours only when
-- every offset of the zone in the period is a whole number of hours, so for zones such as
-- Asia/Kolkata the whole period is read from raw rows.
-- Raises 42501 when the caller may not read the patient, 22023 for an empty period.
create function glucose_agp(target uuid, from_time timestamptz, to_time timestamptz)
returns table (
  local_hour integer,
  reading_count bigint,
  p5 double precision,
  p25 double precision,
  p50 double precision,
  p75 double precision,
  p95 double precision
)
language plpgsql stable security definer
set search_path = public, pg_temp
set enable_seqscan = off
as $$
declare
  zone text;
  from_hour timestamptz := hour_bucket(from_time + interval '1 hour' - interval '1 microsecond');
  to_hour timestamptz := hour_bucket(to_time);
  use_hours boolean;
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  if not to_time > from_time then
    raise exception 'to_time must be later than from_time' using errcode = '22023';
  end if;
  select p.timezone into zone from patients p where p.id = target;
  use_hours := to_hour > from_hour and (
    select bool_and(extract(minute from h at time zone zone) = 0)
    from generate_series(from_hour, to_hour, interval '1 hour') h
  );
  if not use_hours then
    from_hour := to_time;
    to_hour := to_time;
  end if;

  return query
    with dirty as (
      select distinct d.bucket from glucose_dirty_hours d
      where d.patient_id = target and d.bucket >= from_hour and d.bucket < to_hour
    ),
    raw_windows as (
      select from_time as start_time, from_hour as end_time
      union all
      select to_hour, to_time
      union all
      select d.bucket, d.bucket + interval '1 hour' from dirty d
    ),
    samples as (
      select extract(hour from h.bucket at time zone zone)::integer as local_hour, v.value
      from glucose_hourly h
      cross join lateral unnest(h.agp_values) v(value)
      where h.patient_id = target and h.bucket >= from_hour and h.bucket < to_hour
        and not exists (select 1 from dirty d where d.bucket = h.bucket)
      union all
      select extract(hour from r.time at time zone zone)::integer,
        glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)
      from raw_windows w
      join cbg_readings r
        on r.patient_id = target and r.time >= w.start_time and r.time < w.end_time
      where w.end_time > w.start_time and glucose_is_usable(r.value_mg_dl, r.out_of_range)
    ),
    bins as (
      select s.local_hour, count(*) as n,
        percentile_cont(array[0.05, 0.25, 0.5, 0.75, 0.95]) within group (order by s.value) as p
      from samples s
      group by s.local_hour
    )
    select b.local_hour, b.n, b.p[1], b.p[2], b.p[3], b.p[4], b.p[5]
    from bins b
    order by b.local_hour;
end
$$;

-- The triage list: every patient the caller may read, with the totals of glucose_statistics
-- over the period_days days that end just after the patient's last CGM reading (so late
-- uploads are still reported; at now when there is no reading), the time of that reading and
-- of the last upload received. Raises 22023 unless period_days is 1–90.
create function clinic_triage(period_days integer)
returns table (
  patient_id uuid,
  display_name text,
  timezone text,
  period_from timestamptz,
  period_to timestamptz,
  last_reading_time timestamptz,
  last_upload_time timestamptz,
  reading_count bigint,
  mean_mg_dl double precision,
  variance_mg_dl double precision,
  very_low_count bigint,
  low_count bigint,
  target_count bigint,
  high_count bigint,
  very_high_count bigint,
  out_of_range_low_count bigint,
  out_of_range_high_count bigint,
  days_with_data bigint,
  hours_with_data bigint
)
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
begin
  if period_days is null or period_days < 1 or period_days > 90 then
    raise exception 'period_days must be 1–90, not %', period_days using errcode = '22023';
  end if;
  return query
    with readable as (
      select p.id, p.display_name, p.timezone,
        (select max(r.time) from cbg_readings r where r.patient_id = p.id) as last_reading,
        (select max(b.received_at) from upload_batches b where b.patient_id = p.id) as last_upload
      from patients p
      where can_read_patient(p.id)
    ),
    periods as (
      select r.*, coalesce(r.last_reading + interval '1 millisecond', now()) as period_to
      from readable r
    ),
    totals as (
      select * from glucose_totals(
        array(select p.id from periods p order by p.id),
        array(select p.period_to - make_interval(days => period_days) from periods p order by p.id),
        array(select p.period_to from periods p order by p.id)
      )
    )
    select p.id, p.display_name, p.timezone, p.period_to - make_interval(days => period_days),
      p.period_to, p.last_reading, p.last_upload, t.reading_count,
      (t.value_sum / nullif(t.reading_count, 0))::double precision,
      case when t.reading_count >= 2 then
        ((t.reading_count * t.value_sum_squares - t.value_sum * t.value_sum)
          / (t.reading_count * (t.reading_count - 1)))::double precision
      end,
      t.very_low_count, t.low_count, t.target_count, t.high_count, t.very_high_count,
      t.out_of_range_low_count, t.out_of_range_high_count, t.days_with_data, t.hours_with_data
    from periods p
    join totals t on t.patient_id = p.id
    order by p.display_name, p.id;
end
$$;

grant execute on function glucose_statistics(uuid, timestamptz, timestamptz),
  glucose_agp(uuid, timestamptz, timestamptz), clinic_triage(integer)
  to phoenix_patient, phoenix_clinician;
