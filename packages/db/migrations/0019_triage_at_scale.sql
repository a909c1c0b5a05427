-- Reads that scale to a clinic of 1,000 patients. The triage list searched every weekly
-- partition for each patient's last reading and called can_read_patient once per patient,
-- and glucose_totals compared every hourly and daily row with every dirty hour of every
-- patient: 5 s for the 14-day list of 1,000 patients with 90 days of data on 2 shared cores.
-- Now the rights are read once as a set, the last reading is looked up in one hour found
-- through the aggregates, and glucose_totals reads only the rows it adds up. The plain
-- mode's refresh stores each patient's hours side by side. glucose_local_days_with_data
-- counts the days with data in the patient's time zone, as the consensus sufficiency does.

-- Fail fast instead of queueing behind live traffic; converting or rewriting large tables
-- may need a longer statement timeout, set by the operator for that run.
set local lock_timeout = '10s';
set local statement_timeout = '10min';

set local role phoenix_owner;

-- Plain mode's refresh, as in 0018, but each run inserts its rows ordered by patient and hour.
-- A run over many hours of many patients, such as the first refresh after a bulk load, then
-- stores each patient's hours side by side, so reading one day's hours touches one or two
-- heap pages instead of one page per hour. A run over the newest hours of every patient
-- stores them together, so the newest days stay compact too.
do $do$
begin
  if storage_mode() <> 'plain' then
    return;
  end if;
  create or replace function refresh_glucose_rollups(max_entries integer)
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
      raise exception 'max_entries must be at least 1, not %', max_entries using errcode = '22023';
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
    select c.patient_id, c.bucket, x.*
    from unnest(patient_ids, buckets) c(patient_id, bucket)
    cross join lateral (
      select count(*) as reading_count,
        sum(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)::numeric) as value_sum,
        sum(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)::numeric * glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)::numeric) as value_sum_squares,
        min(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)) as value_min,
        max(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)) as value_max,
        count(*) filter (where r.out_of_range = 'low' or r.value_mg_dl < 54) as very_low_count,
        count(*) filter (where r.value_mg_dl >= 54 and r.value_mg_dl < 70) as low_count,
        count(*) filter (where r.value_mg_dl >= 70 and r.value_mg_dl <= 180) as target_count,
        count(*) filter (where r.value_mg_dl > 180 and r.value_mg_dl <= 250) as high_count,
        count(*) filter (where r.out_of_range = 'high' or r.value_mg_dl > 250) as very_high_count,
        count(*) filter (where r.out_of_range = 'low') as out_of_range_low_count,
        count(*) filter (where r.out_of_range = 'high') as out_of_range_high_count,
        array_agg(glucose_for_averages(r.value_mg_dl, r.out_of_range, r.threshold_mg_dl)) as agp_values
      from cbg_readings r
      where r.patient_id = c.patient_id and r.time >= c.bucket
        and r.time < c.bucket + interval '1 hour'
        and glucose_is_usable(r.value_mg_dl, r.out_of_range)
    ) x
    where x.reading_count > 0
    order by c.patient_id, c.bucket;
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
    select c.patient_id, c.bucket, x.*
    from unnest(patient_ids, buckets) c(patient_id, bucket)
    cross join lateral (
      select sum(h.reading_count)::bigint as reading_count,
        sum(h.value_sum) as value_sum,
        sum(h.value_sum_squares) as value_sum_squares,
        min(h.value_min) as value_min,
        max(h.value_max) as value_max,
        sum(h.very_low_count)::bigint as very_low_count,
        sum(h.low_count)::bigint as low_count,
        sum(h.target_count)::bigint as target_count,
        sum(h.high_count)::bigint as high_count,
        sum(h.very_high_count)::bigint as very_high_count,
        sum(h.out_of_range_low_count)::bigint as out_of_range_low_count,
        sum(h.out_of_range_high_count)::bigint as out_of_range_high_count,
        count(*) as hours_with_data
      from glucose_hourly h
      where h.patient_id = c.patient_id and h.bucket >= c.bucket
        and h.bucket < c.bucket + interval '1 day'
    ) x
    where x.reading_count > 0
    order by c.patient_id, c.bucket;
    return query select hour_count, day_count;
  end
  $body$;
end
$do$;

-- Every patient the caller may read: the set form of can_read_patient, with the same three
-- rules (the patient themselves, a care team the patient shares with and has not revoked, a
-- read credential of the patient's Nightscout site), so a list is checked in one query. A
-- change to can_read_patient must be made here too; the storage tests compare the two.
create function readable_patient_ids() returns setof uuid
language sql stable security definer
set search_path = public, pg_temp
as $$
  select p.id from patients p where p.user_id = app_user_id()
  union
  select s.patient_id
  from patient_shares s
  join care_team_members m on m.team_id = s.team_id
  where s.revoked_at is null and m.user_id = app_user_id()
  union
  select c.patient_id
  from nightscout_credentials c
  join nightscout_sites s on s.id = c.site_id
  where c.id = app_user_id() and s.patient_id = c.patient_id
    and c.revoked_at is null and s.revoked_at is null
$$;

-- As in 0018, with the same result. Each part now reads only its own rows: whole days from
-- glucose_daily, the hours before the first and after the last whole day and the hours of
-- whole days with a dirty hour from glucose_hourly, and raw rows for the partial hours at the
-- ends and the dirty hours. Dirty hours and days are left out through hashed lists, because
-- the planner expects 10 periods from the arrays and would otherwise compare every row with
-- every dirty hour. Every raw window lies inside one UTC hour, so each is one plain aggregate.
create or replace function glucose_totals(
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
    select distinct d.patient_id, d.bucket, s.from_day, s.to_day
    from spans s
    cross join lateral (
      select x.patient_id, x.bucket from glucose_dirty_hours x
      where x.patient_id = s.patient_id and x.bucket >= s.from_hour and x.bucket < s.to_hour
    ) d
    where s.has_hours
  ),
  -- Whole days with a dirty hour: their other hours come from glucose_hourly.
  dirty_days as (
    select distinct d.patient_id, day_bucket(d.bucket) as bucket
    from dirty d
    where day_bucket(d.bucket) >= d.from_day and day_bucket(d.bucket) < d.to_day
  ),
  hour_windows as (
    select s.patient_id, s.from_hour as start_time, least(s.from_day, s.to_hour) as end_time
    from spans s
    where s.has_hours
    union all
    select s.patient_id, s.to_day, s.to_hour
    from spans s
    where s.has_hours and s.to_day >= s.from_day
    union all
    select d.patient_id, d.bucket, d.bucket + interval '1 day' from dirty_days d
  ),
  -- The partial hour at the start, the partial hour at the end (when the period holds no
  -- whole hour, the two parts on either side of the one hour boundary it may cross) and the
  -- dirty hours.
  raw_windows as (
    select s.patient_id, s.from_time as start_time,
      least(s.from_hour, s.to_time) as end_time
    from spans s
    union all
    select s.patient_id, greatest(s.to_hour, least(s.from_hour, s.to_time)), s.to_time
    from spans s
    union all
    select d.patient_id, d.bucket, d.bucket + interval '1 hour' from dirty d
  ),
  whole_days as (
    select a.patient_id, a.reading_count, a.value_sum, a.value_sum_squares, a.value_min,
      a.value_max, a.very_low_count, a.low_count, a.target_count, a.high_count,
      a.very_high_count, a.out_of_range_low_count, a.out_of_range_high_count, a.hours_with_data
    from spans s
    join glucose_daily a
      on a.patient_id = s.patient_id and a.bucket >= s.from_day and a.bucket < s.to_day
    where s.has_hours
      and (a.patient_id, a.bucket) not in (select x.patient_id, x.bucket from dirty_days x)
  ),
  hour_parts as (
    select h.patient_id, day_bucket(h.bucket) as day, h.reading_count, h.value_sum,
      h.value_sum_squares, h.value_min, h.value_max, h.very_low_count, h.low_count,
      h.target_count, h.high_count, h.very_high_count, h.out_of_range_low_count,
      h.out_of_range_high_count, 1 as hours_with_data
    from hour_windows w
    join glucose_hourly h
      on h.patient_id = w.patient_id and h.bucket >= w.start_time and h.bucket < w.end_time
    where w.end_time > w.start_time
      and (h.patient_id, h.bucket) not in (select x.patient_id, x.bucket from dirty x)
    union all
    select w.patient_id, day_bucket(w.start_time), x.*, 1
    from raw_windows w
    cross join lateral (
      select count(*) as reading_count,
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
        count(*) filter (where r.out_of_range = 'high')
      from cbg_readings r
      where r.patient_id = w.patient_id and r.time >= w.start_time and r.time < w.end_time
        and glucose_is_usable(r.value_mg_dl, r.out_of_range)
    ) x
    where w.end_time > w.start_time and x.reading_count > 0
  ),
  -- Days outside glucose_daily, each summed from its hours and raw parts. No such day is
  -- also a whole day read from glucose_daily, so the days with data add up.
  part_days as (
    select p.patient_id, sum(p.reading_count) as reading_count,
      sum(p.value_sum) as value_sum, sum(p.value_sum_squares) as value_sum_squares,
      min(p.value_min) as value_min, max(p.value_max) as value_max,
      sum(p.very_low_count) as very_low_count, sum(p.low_count) as low_count,
      sum(p.target_count) as target_count, sum(p.high_count) as high_count,
      sum(p.very_high_count) as very_high_count,
      sum(p.out_of_range_low_count) as out_of_range_low_count,
      sum(p.out_of_range_high_count) as out_of_range_high_count,
      sum(p.hours_with_data) as hours_with_data
    from hour_parts p
    group by p.patient_id, p.day
  ),
  -- A row of zeros per period gives a patient without readings a row of totals too. It
  -- replaces an outer join, for which the planner, expecting 10 periods, may pick a nested
  -- loop over every day of every patient.
  days as (
    select * from whole_days
    union all
    select * from part_days
    union all
    select p.patient_id, 0, null::numeric, null::numeric, null::double precision,
      null::double precision, 0, 0, 0, 0, 0, 0, 0, 0
    from periods p
  )
  select d.patient_id,
    sum(d.reading_count)::bigint, sum(d.value_sum), sum(d.value_sum_squares),
    min(d.value_min), max(d.value_max),
    sum(d.very_low_count)::bigint, sum(d.low_count)::bigint,
    sum(d.target_count)::bigint, sum(d.high_count)::bigint, sum(d.very_high_count)::bigint,
    sum(d.out_of_range_low_count)::bigint, sum(d.out_of_range_high_count)::bigint,
    count(*) filter (where d.reading_count > 0),
    sum(d.hours_with_data)::bigint
  from days d
  group by d.patient_id
$$;

-- Days with a usable CGM reading in [from_time, to_time), counted as calendar days in the
-- IANA zone given (the patient's own for a report), as the consensus sufficiency counts
-- them. An hour of glucose_hourly counts for its local date when it lies inside one local
-- date; hours that cross a local midnight (in zones such as Asia/Kolkata), dirty hours and the
-- partial hours at the ends are read from raw rows.
-- Raises 42501 when the caller may not read the patient, 22023 for an empty period or an
-- unknown zone.
create function glucose_local_days_with_data(
  target uuid, from_time timestamptz, to_time timestamptz, zone text
) returns bigint
language plpgsql stable security definer
set search_path = public, pg_temp
set enable_seqscan = off
as $$
declare
  from_hour timestamptz := hour_bucket(from_time + interval '1 hour' - interval '1 microsecond');
  to_hour timestamptz := hour_bucket(to_time);
  days bigint;
begin
  if not can_read_patient(target) then
    raise exception 'not allowed to read patient %', target using errcode = '42501';
  end if;
  if not to_time > from_time then
    raise exception 'to_time must be later than from_time' using errcode = '22023';
  end if;
  if not to_hour > from_hour then
    from_hour := to_time;
    to_hour := to_time;
  end if;

  with split_hours as (
    select h.bucket
    from generate_series(from_hour, to_hour - interval '1 hour', interval '1 hour') h(bucket)
    where (h.bucket at time zone zone)::date
      <> ((h.bucket + interval '1 hour' - interval '1 microsecond') at time zone zone)::date
  ),
  raw_windows as (
    select from_time as start_time, from_hour as end_time
    union all
    select to_hour, to_time
    union all
    select d.bucket, d.bucket + interval '1 hour'
    from glucose_dirty_hours d
    where d.patient_id = target and d.bucket >= from_hour and d.bucket < to_hour
    union all
    select s.bucket, s.bucket + interval '1 hour' from split_hours s
  ),
  local_days as (
    select (h.bucket at time zone zone)::date as day
    from glucose_hourly h
    where h.patient_id = target and h.bucket >= from_hour and h.bucket < to_hour
      and h.bucket not in (select s.bucket from split_hours s)
      and not exists (
        select 1 from glucose_dirty_hours d where d.patient_id = target and d.bucket = h.bucket)
    union all
    select (x.time at time zone zone)::date
    from raw_windows w
    cross join lateral (
      select r.time
      from cbg_readings r
      where r.patient_id = target and r.time >= w.start_time and r.time < w.end_time
        and glucose_is_usable(r.value_mg_dl, r.out_of_range)
      offset 0
    ) x
    where w.end_time > w.start_time
  )
  select count(distinct l.day) into days from local_days l;
  return days;
end
$$;

-- As in 0014, with the same columns and rows. The readable patients are read once as a set.
-- The last reading is looked up in the newest hour that glucose_hourly or
-- glucose_dirty_hours holds for the patient, one index range in one partition, because every
-- stored reading's hour is in one of the two: the merger logs the hours it inserts into and a
-- trigger logs updates and deletes. When that hour holds no reading any more (its readings
-- were deleted), the whole series is searched.
create or replace function clinic_triage(period_days integer)
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
set enable_seqscan = off
as $$
begin
  if period_days is null or period_days < 1 or period_days > 90 then
    raise exception 'period_days must be 1–90, not %', period_days using errcode = '22023';
  end if;
  return query
    with readable as (
      select p.id, p.display_name, p.timezone
      from patients p
      where p.id in (select readable_patient_ids())
    ),
    newest_hours as (
      select r.*, greatest(
          (select max(h.bucket) from glucose_hourly h where h.patient_id = r.id),
          (select max(d.bucket) from glucose_dirty_hours d where d.patient_id = r.id)
        ) as newest_hour
      from readable r
      -- Evaluate the lookups once per patient, not again at every use of the column.
      offset 0
    ),
    latest as (
      select n.id, n.display_name, n.timezone,
        coalesce(
          (select max(c.time) from cbg_readings c
           where c.patient_id = n.id and c.time >= n.newest_hour
             and c.time < n.newest_hour + interval '1 hour'),
          (select max(c.time) from cbg_readings c where c.patient_id = n.id)
        ) as last_reading,
        (select max(b.received_at) from upload_batches b where b.patient_id = n.id) as last_upload
      from newest_hours n
      offset 0
    ),
    periods as (
      select l.*, coalesce(l.last_reading + interval '1 millisecond', now()) as period_to
      from latest l
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

grant execute on function glucose_local_days_with_data(uuid, timestamptz, timestamptz, text)
  to phoenix_patient, phoenix_clinician;
