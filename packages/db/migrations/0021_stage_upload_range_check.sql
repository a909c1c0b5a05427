-- stage_upload looked every record of a batch up by primary key to count what was stored
-- before, about 40% of the staging path's database time. A bridge mostly uploads readings
-- newer than anything stored, so the lookups find nothing. The function now first asks
-- whether the patient has any stored record of the kind in the batch's time span, one index
-- range probe each, and looks records up one by one only when it has. Counts do not change.

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
  stored_before integer;
  first_time timestamptz;
  last_time timestamptz;
  cbg_overlap boolean;
  other_overlap boolean;
begin
  select * into b from upload_batches where id = batch for update;
  if not found or b.status <> 'open' or b.created_by is distinct from app_user_id() then
    raise exception 'upload batch % is not open for this user', batch using errcode = '42501';
  end if;

  select count(*), min(s.time), max(s.time) into staged, first_time, last_time
  from upload_staging s where s.batch_id = batch;
  cbg_overlap := exists (
    select 1 from cbg_readings c
    where c.patient_id = b.patient_id and c.time >= first_time and c.time <= last_time);
  other_overlap := exists (
    select 1 from device_records d
    where d.patient_id = b.patient_id and d.time >= first_time and d.time <= last_time);

  with records as (
    select distinct s.type = 'cbg' as is_cbg, s.identity_hash, s.time
    from upload_staging s where s.batch_id = batch
  )
  select
    (select count(*) from records),
    (select count(*) from records r
     where (r.is_cbg and cbg_overlap and exists (
         select 1 from cbg_readings c
         where c.patient_id = b.patient_id and c.identity_hash = r.identity_hash and c.time = r.time))
       or (not r.is_cbg and other_overlap and exists (
         select 1 from device_records d
         where d.patient_id = b.patient_id and d.identity_hash = r.identity_hash and d.time = r.time)))
  into distinct_count, stored_before;

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
