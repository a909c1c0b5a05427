-- Functions that begin and merge an upload. They run as the owner and check the caller's rights
-- themselves, because application roles have no grant on the time-series tables.

set local role phoenix_owner;

-- Begin an upload batch, or find the batch already stored under the same idempotency key.
-- Raises SQLSTATE 42501 when the caller may not write for the patient, and PA409 when the key
-- was used before for a batch with other content.
create function begin_upload(
  target uuid,
  key text,
  batch_digest bytea,
  format_name text,
  file_name text,
  records integer,
  rejected_count integer,
  rejection_list jsonb
) returns table (batch_id uuid, replayed boolean)
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  existing upload_batches;
begin
  if not can_write_patient(target) then
    raise exception 'not allowed to upload for patient %', target using errcode = '42501';
  end if;

  select * into existing from upload_batches b where b.patient_id = target and b.idempotency_key = key;
  if found then
    if existing.digest <> batch_digest then
      raise exception 'idempotency key % was already used for a batch with other content', key
        using errcode = 'PA409';
    end if;
    return query select existing.id, true;
    return;
  end if;

  return query
    insert into upload_batches (
      patient_id, created_by, idempotency_key, digest, source_format, source_file,
      record_count, rejected, rejections
    ) values (
      target, app_user_id(), key, batch_digest, format_name, file_name,
      records, rejected_count, rejection_list
    )
    returning id, false;
end
$$;

-- Move the staged records of an open batch into the time-series tables, dropping records whose
-- identity is stored already, and close the batch. Returns how many were stored and how many
-- were duplicates. Only the user who began the batch can merge it.
create function merge_upload(batch uuid) returns table (accepted integer, duplicates integer)
language plpgsql security definer
set search_path = public, pg_temp
as $$
declare
  b upload_batches;
  staged integer;
  stored_cbg integer;
  stored_other integer;
  week timestamptz;
begin
  select * into b from upload_batches where id = batch for update;
  if not found or b.status <> 'open' or b.created_by is distinct from app_user_id() then
    raise exception 'upload batch % is not open for this user', batch using errcode = '42501';
  end if;

  for week in select distinct week_start(s.time) from upload_staging s where s.batch_id = batch loop
    perform ensure_week_partition('cbg_readings', week);
    perform ensure_week_partition('device_records', week);
  end loop;

  insert into devices (patient_id, device_key)
  select distinct b.patient_id, s.device_key from upload_staging s where s.batch_id = batch
  on conflict (patient_id, device_key) do nothing;

  update devices d set last_upload_at = now()
  where d.patient_id = b.patient_id
    and d.device_key in (select s.device_key from upload_staging s where s.batch_id = batch);

  with stored as (
    insert into cbg_readings (
      patient_id, time, identity_hash, device_id, upload_id, value_mg_dl, out_of_range,
      threshold_mg_dl, rate_mg_dl_per_min, trend, transmitter_time_sec, device_time,
      timezone_offset_min, clock_drift_offset_ms, conversion_offset_ms, time_resolution,
      source_format, source_line
    )
    select
      b.patient_id, s.time, s.identity_hash, d.id, batch, s.value_mg_dl, s.out_of_range,
      s.threshold_mg_dl, s.rate_mg_dl_per_min, s.trend, s.transmitter_time_sec, s.device_time,
      s.timezone_offset_min, s.clock_drift_offset_ms, s.conversion_offset_ms, s.time_resolution,
      s.source_format, s.source_line
    from upload_staging s
    join devices d on d.patient_id = b.patient_id and d.device_key = s.device_key
    where s.batch_id = batch and s.type = 'cbg'
    on conflict do nothing
    returning 1
  )
  select count(*) into stored_cbg from stored;

  with stored as (
    insert into device_records (
      patient_id, time, identity_hash, type, device_id, upload_id, device_time,
      timezone_offset_min, clock_drift_offset_ms, conversion_offset_ms, time_resolution,
      value_mg_dl, out_of_range, threshold_mg_dl, payload, source_format, source_line
    )
    select
      b.patient_id, s.time, s.identity_hash, s.type, d.id, batch, s.device_time,
      s.timezone_offset_min, s.clock_drift_offset_ms, s.conversion_offset_ms, s.time_resolution,
      s.value_mg_dl, s.out_of_range, s.threshold_mg_dl, coalesce(s.payload, '{}'),
      s.source_format, s.source_line
    from upload_staging s
    join devices d on d.patient_id = b.patient_id and d.device_key = s.device_key
    where s.batch_id = batch and s.type <> 'cbg'
    on conflict do nothing
    returning 1
  )
  select count(*) into stored_other from stored;

  delete from upload_staging s where s.batch_id = batch;
  get diagnostics staged = row_count;

  update upload_batches u set
    status = 'merged',
    merged_at = now(),
    accepted = stored_cbg + stored_other,
    duplicates = staged - stored_cbg - stored_other
  where u.id = batch;

  return query select stored_cbg + stored_other, staged - stored_cbg - stored_other;
end
$$;

-- The stored outcome of a batch, for receipts and replays.
create function upload_receipt(batch uuid) returns table (
  batch_id uuid, patient_id uuid, idempotency_key text, status text, record_count integer,
  accepted integer, duplicates integer, rejected integer, rejections jsonb,
  received_at timestamptz, merged_at timestamptz
)
language sql stable security definer
set search_path = public, pg_temp
as $$
  select id, patient_id, idempotency_key, status, record_count, accepted, duplicates, rejected,
    rejections, received_at, merged_at
  from upload_batches u
  where u.id = batch and can_read_patient(u.patient_id)
$$;

grant execute on function begin_upload(uuid, text, bytea, text, text, integer, integer, jsonb),
  merge_upload(uuid), upload_receipt(uuid)
  to phoenix_patient, phoenix_clinician, phoenix_bridge;
