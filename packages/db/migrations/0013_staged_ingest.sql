-- Uploads are acknowledged once staged, and merged later. The API begins a batch, COPYs its
-- records into upload_staging and calls stage_upload in one transaction; the receipt follows
-- the commit. merge_staged, run by a background job with the owner's rights, moves staged
-- batches into the time-series tables in large batches, oldest first, so that of two batches
-- holding the same record the earlier one stores it and the later counts it as a duplicate.
--
-- A staged batch's accepted and duplicates are what was known at receipt: duplicates inside
-- the batch and records merged before it. merge_staged replaces them with the final counts,
-- which may find more duplicates among batches staged at the same time.

-- Fail fast instead of queueing behind live traffic; converting or rewriting large tables
-- may need a longer statement timeout, set by the operator for that run.
set local lock_timeout = '10s';
set local statement_timeout = '10min';

set local role phoenix_owner;

alter table upload_batches drop constraint upload_batches_status_check;
-- upload_batches has one small row per upload, so checking it takes no noticeable lock time.
-- squawk-ignore constraint-missing-not-valid
alter table upload_batches add constraint upload_batches_status_check
  check (status in ('open', 'staged', 'merged'));
-- Each migration runs in one transaction, where CONCURRENTLY is not allowed; the table is small.
-- squawk-ignore require-concurrent-index-creation
create index upload_batches_staged on upload_batches (received_at, id) where status = 'staged';
-- squawk-ignore require-concurrent-index-creation
create index upload_batches_patient_received on upload_batches (patient_id, received_at);

-- Merging inside the upload's transaction is replaced by the merger below.
drop function merge_upload(uuid);

-- Close an open batch whose records are in staging: count them, count duplicates inside the
-- batch and against stored records, mark the batch staged and return the counts. Raises
-- 42501 unless the same user began the batch, and PA422 when the staged rows differ from the
-- batch's valid record count. Sequential scans are off so that the duplicate check looks
-- each record up by primary key even when the statistics are stale after a bulk load.
create function stage_upload(batch uuid) returns table (accepted integer, duplicates integer)
language plpgsql security definer
set search_path = public, pg_temp
set enable_seqscan = off
as $$
declare
  b upload_batches;
  staged integer;
  distinct_count integer;
  stored_before integer;
begin
  select * into b from upload_batches where id = batch for update;
  if not found or b.status <> 'open' or b.created_by is distinct from app_user_id() then
    raise exception 'upload batch % is not open for this user', batch using errcode = '42501';
  end if;

  with records as (
    select distinct s.type = 'cbg' as is_cbg, s.identity_hash, s.time
    from upload_staging s where s.batch_id = batch
  )
  select
    (select count(*) from upload_staging s where s.batch_id = batch),
    (select count(*) from records),
    (select count(*) from records r
     where (r.is_cbg and exists (
         select 1 from cbg_readings c
         where c.patient_id = b.patient_id and c.identity_hash = r.identity_hash and c.time = r.time))
       or (not r.is_cbg and exists (
         select 1 from device_records d
         where d.patient_id = b.patient_id and d.identity_hash = r.identity_hash and d.time = r.time)))
  into staged, distinct_count, stored_before;

  if staged <> b.record_count - b.rejected then
    raise exception 'upload batch % staged % records but holds % valid ones',
      batch, staged, b.record_count - b.rejected using errcode = 'PA422';
  end if;

  update upload_batches u set
    status = 'staged',
    accepted = distinct_count - stored_before,
    duplicates = staged - (distinct_count - stored_before)
  where u.id = batch;
  return query select distinct_count - stored_before, staged - (distinct_count - stored_before);
end
$$;

-- Merge staged batches, oldest first, until the next would take the total past max_records
-- (always at least one batch). Creates unknown devices, stores records whose identity is new,
-- logs the hours of new CGM readings in glucose_dirty_hours, sets each batch's final counts,
-- and deletes its staging rows. Returns the batches and records merged. One merger runs at a
-- time; a concurrent call waits for the first to commit.
create function merge_staged(max_records integer)
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

  insert into devices as d (patient_id, device_key, last_upload_at)
  select p.patient_id, s.device_key, max(b.received_at)
  from unnest(picked, patient_ids) p(batch_id, patient_id)
  join upload_batches b on b.id = p.batch_id
  join upload_staging s on s.batch_id = p.batch_id
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
    join upload_staging s on s.batch_id = p.batch_id
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
    join upload_staging s on s.batch_id = p.batch_id
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

  delete from upload_staging s where s.batch_id = any(picked);
  return query select cardinality(picked), staged_total, stored_total, staged_total - stored_total;
end
$$;

-- Staged batches waiting for the merger, across all patients: how many, how many records,
-- and when the oldest arrived. Holds no patient data, so every application role may ask.
create function ingest_backlog()
returns table (batches bigint, records bigint, oldest_received_at timestamptz)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select count(*), coalesce(sum(b.record_count - b.rejected), 0)::bigint, min(b.received_at)
  from upload_batches b where b.status = 'staged'
$$;

grant execute on function stage_upload(uuid) to phoenix_patient, phoenix_clinician, phoenix_bridge;
grant execute on function ingest_backlog()
  to phoenix_api, phoenix_patient, phoenix_clinician, phoenix_bridge, phoenix_engineer, phoenix_admin;
