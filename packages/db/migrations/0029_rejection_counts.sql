-- Rejected records that no upload batch keeps. The engineering overview counted rejections
-- only from upload_batches.rejections, so an upload rejected as a whole (the API stores no
-- batch for it) and a Nightscout document that failed conversion (it gives no record, so the
-- batch has nothing to reject) were missing, and a bridge whose every batch failed looked
-- healthy. This table keeps their counts per patient, hour, source and reason, without values.
-- engineer_rejections and engineer_uploads_per_hour read it together with the batches.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

set local role phoenix_owner;

create table rejection_counts (
  patient_id uuid not null references patients (id),
  -- Start of the hour in which the records were rejected.
  hour timestamptz not null check (hour = date_trunc('hour', hour)),
  source text not null check (source in ('upload', 'nightscout')),
  -- JSON pointer or member the reason is about; empty when it concerns the whole document.
  field text not null check (length(field) <= 200),
  message text not null check (length(message) between 1 and 500),
  -- Rejections with this reason; a record may be rejected for several reasons.
  rejections integer not null check (rejections > 0),
  -- Records whose first reason is this one, so that the sum over reasons counts each record once.
  records integer not null check (records >= 0),
  primary key (patient_id, hour, source, field, message)
);
create index rejection_counts_hour on rejection_counts (hour);
alter table rejection_counts enable row level security;
alter table rejection_counts force row level security;
create trigger rejection_counts_90_audit after insert or update or delete on rejection_counts
  for each row execute function audit.record_change();

-- Add rejection counts of the current hour for a patient the caller may upload for. `reasons`
-- is a JSON array of {field, message, rejections, records}; a missing field counts as empty, and
-- longer fields and messages are cut to the column limits.
create function count_rejections(target uuid, source_name text, reasons jsonb)
returns void
language plpgsql security definer
set search_path = public, pg_temp
as $$
begin
  if not can_write_patient(target) then
    raise exception 'not allowed to upload for patient %', target using errcode = '42501';
  end if;
  if jsonb_typeof(reasons) is distinct from 'array' then
    raise exception 'reasons must be a JSON array, not %', jsonb_typeof(reasons)
      using errcode = '22023';
  end if;
  insert into rejection_counts as c (patient_id, hour, source, field, message, rejections, records)
  select target, date_trunc('hour', now()), source_name, left(coalesce(r.field, ''), 200),
    left(r.message, 500),
    sum(r.rejections), sum(r.records)
  from jsonb_to_recordset(reasons) as r(field text, message text, rejections integer, records integer)
  group by 4, 5
  on conflict (patient_id, hour, source, field, message) do update
    set rejections = c.rejections + excluded.rejections, records = c.records + excluded.records;
end
$$;

-- Uploads per hour across all patients, for engineers and admins. Records rejected without a
-- batch count in records and rejected, not in batches. Their counts are kept per hour, so a
-- range that starts or ends inside an hour includes that whole hour of them.
create or replace function engineer_uploads_per_hour(from_time timestamptz, to_time timestamptz)
returns table (
  hour timestamptz, batches bigint, records bigint, accepted bigint, duplicates bigint,
  rejected bigint
)
language sql stable security definer
set search_path = public, pg_temp
as $$
  with batched as (
    select date_trunc('hour', b.received_at) as hour, count(*) as batches,
      sum(b.record_count) as records, coalesce(sum(b.accepted), 0) as accepted,
      coalesce(sum(b.duplicates), 0) as duplicates, sum(b.rejected) as rejected
    from upload_batches b
    where b.received_at >= from_time and b.received_at < to_time
    group by 1
  ), unbatched as (
    select c.hour, sum(c.records) as records
    from rejection_counts c
    where c.hour > from_time - interval '1 hour' and c.hour < to_time
    group by 1
  )
  select coalesce(b.hour, u.hour), coalesce(b.batches, 0),
    coalesce(b.records, 0) + coalesce(u.records, 0), coalesce(b.accepted, 0),
    coalesce(b.duplicates, 0), coalesce(b.rejected, 0) + coalesce(u.records, 0)
  from batched b full join unbatched u on u.hour = b.hour
  order by 1
$$;

-- Rejected records by field and reason, without the rejected values, from upload batches and
-- from rejection_counts (whole hours, as above).
create or replace function engineer_rejections(from_time timestamptz, to_time timestamptz)
returns table (field text, message text, records bigint)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select all_rejections.field, all_rejections.message, sum(all_rejections.rejections)::bigint
  from (
    select r->>'field' as field, r->>'message' as message, 1 as rejections
    from upload_batches b, jsonb_array_elements(b.rejections) r
    where b.received_at >= from_time and b.received_at < to_time
    union all
    select c.field, c.message, c.rejections
    from rejection_counts c
    where c.hour > from_time - interval '1 hour' and c.hour < to_time
  ) all_rejections
  group by 1, 2 order by 3 desc, 1, 2
$$;

grant execute on function count_rejections(uuid, text, jsonb)
  to phoenix_patient, phoenix_clinician, phoenix_bridge;
