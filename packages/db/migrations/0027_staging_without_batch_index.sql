-- Maintaining the btree index on upload_staging.batch_id took about 6.5 of the 24 ms that a
-- binary COPY of 10,000 staging rows costs PostgreSQL (embedded PostgreSQL 17, 2 cores), on
-- every upload. Since stage_upload no longer reads the staged rows unless stored data overlaps
-- the batch, the index served mainly the merger, which read the staging table three times by
-- batch and deleted by batch. The merger now moves the picked batches' rows out of the staging
-- table with one DELETE … RETURNING into a temporary table and merges from there, so it scans
-- the staging table once per merge. The staging table is a queue that the merger keeps short;
-- the few other readers (stage_upload when a batch overlaps stored data, and the Nightscout
-- reads of staged records) scan it too.

-- Fail fast instead of queueing behind live traffic.
set local lock_timeout = '10s';
set local statement_timeout = '1min';

set local role phoenix_owner;

-- Each migration runs in one transaction, where DROP INDEX CONCURRENTLY cannot run. The drop
-- takes milliseconds, and lock_timeout bounds the wait behind uploads in flight.
-- squawk-ignore require-concurrent-index-deletion
drop index upload_staging_batch;

create or replace function merge_staged(max_records integer)
returns table (batches integer, records bigint, accepted bigint, duplicates bigint)
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  candidate record;
  picked uuid[] := '{}';
  patient_ids uuid[] := '{}';
  staged_total bigint := 0;
  stored_counts jsonb;
  other_counts jsonb;
  stored_total bigint;
begin
  if max_records is null or max_records < 1 then
    raise exception 'max_records must be at least 1, not %', max_records using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtext('phoenix merge_staged'));

  for candidate in
    select b.id, b.patient_id, b.record_count - b.rejected as staged
    from upload_batches b where b.status = 'staged'
    order by b.received_at, b.id
    for update
  loop
    exit when cardinality(picked) > 0 and staged_total + candidate.staged > max_records;
    picked := picked || candidate.id;
    patient_ids := patient_ids || candidate.patient_id;
    staged_total := staged_total + candidate.staged;
  end loop;
  if cardinality(picked) = 0 then
    return query select 0, 0::bigint, 0::bigint, 0::bigint;
    return;
  end if;

  -- Take the picked batches' rows out of the staging table in one pass, and merge from a
  -- temporary copy, which is not written to the WAL. The staging table has no index on
  -- batch_id, because maintaining it cost about a quarter of each upload's COPY.
  if to_regclass('pg_temp.merging') is null then
    create temporary table merging (like upload_staging) on commit delete rows;
  else
    truncate pg_temp.merging;
  end if;
  with moved as (
    delete from upload_staging s where s.batch_id = any(picked) returning s.*
  )
  insert into pg_temp.merging select * from moved;

  insert into devices as d (patient_id, device_key, last_upload_at)
  select p.patient_id, s.device_key, max(b.received_at)
  from unnest(picked, patient_ids) p(batch_id, patient_id)
  join upload_batches b on b.id = p.batch_id
  join pg_temp.merging s on s.batch_id = p.batch_id
  group by p.patient_id, s.device_key
  on conflict (patient_id, device_key) do update
    set last_upload_at = greatest(d.last_upload_at, excluded.last_upload_at)
    where d.last_upload_at is null or d.last_upload_at < excluded.last_upload_at;

  with stored as (
    insert into cbg_readings (
      patient_id, time, identity_hash, device_id, upload_id, value_mg_dl, out_of_range,
      threshold_mg_dl, rate_mg_dl_per_min, trend, transmitter_time_sec, device_time,
      timezone_offset_min, clock_drift_offset_ms, conversion_offset_ms, time_resolution,
      source_format, source_line
    )
    select
      p.patient_id, s.time, s.identity_hash, d.id, s.batch_id, s.value_mg_dl, s.out_of_range,
      s.threshold_mg_dl, s.rate_mg_dl_per_min, s.trend, s.transmitter_time_sec, s.device_time,
      s.timezone_offset_min, s.clock_drift_offset_ms, s.conversion_offset_ms, s.time_resolution,
      s.source_format, s.source_line
    from unnest(picked, patient_ids) with ordinality p(batch_id, patient_id, position)
    join pg_temp.merging s on s.batch_id = p.batch_id
    join devices d on d.patient_id = p.patient_id and d.device_key = s.device_key
    where s.type = 'cbg'
    order by p.position, s.record_index
    on conflict do nothing
    returning upload_id, patient_id, time
  ), logged as (
    insert into glucose_dirty_hours (patient_id, bucket)
    select distinct patient_id, hour_bucket(time) from stored
  )
  select coalesce(jsonb_object_agg(c.upload_id, c.n), '{}') into stored_counts
  from (select upload_id, count(*) as n from stored group by upload_id) c;

  with stored as (
    insert into device_records (
      patient_id, time, identity_hash, type, device_id, upload_id, device_time,
      timezone_offset_min, clock_drift_offset_ms, conversion_offset_ms, time_resolution,
      value_mg_dl, out_of_range, threshold_mg_dl, payload, source_format, source_line
    )
    select
      p.patient_id, s.time, s.identity_hash, s.type, d.id, s.batch_id, s.device_time,
      s.timezone_offset_min, s.clock_drift_offset_ms, s.conversion_offset_ms, s.time_resolution,
      s.value_mg_dl, s.out_of_range, s.threshold_mg_dl, coalesce(s.payload, '{}'),
      s.source_format, s.source_line
    from unnest(picked, patient_ids) with ordinality p(batch_id, patient_id, position)
    join pg_temp.merging s on s.batch_id = p.batch_id
    join devices d on d.patient_id = p.patient_id and d.device_key = s.device_key
    where s.type <> 'cbg'
    order by p.position, s.record_index
    on conflict do nothing
    returning upload_id
  )
  select coalesce(jsonb_object_agg(c.upload_id, c.n), '{}') into other_counts
  from (select upload_id, count(*) as n from stored group by upload_id) c;

  with final as (
    update upload_batches u set
      status = 'merged',
      merged_at = now(),
      accepted = coalesce((stored_counts ->> u.id::text)::integer, 0)
        + coalesce((other_counts ->> u.id::text)::integer, 0),
      duplicates = u.record_count - u.rejected
        - coalesce((stored_counts ->> u.id::text)::integer, 0)
        - coalesce((other_counts ->> u.id::text)::integer, 0)
    where u.id = any(picked)
    returning u.accepted
  )
  select coalesce(sum(f.accepted), 0) into stored_total from final f;

  return query select cardinality(picked), staged_total, stored_total, staged_total - stored_total;
end
$$;
