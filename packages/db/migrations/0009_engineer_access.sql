-- Engineers see devices and uploads to find why a bridge stopped uploading, under the
-- patient's UUID only: they have no grant on patients, users or care teams, and no column of
-- an upload batch that repeats record values.

set local role phoenix_owner;

create policy devices_engineer on devices for select to phoenix_engineer using (true);
grant select on devices to phoenix_engineer;

create policy upload_batches_engineer on upload_batches for select to phoenix_engineer
  using (true);
grant select (
  id, patient_id, status, source_format, record_count, accepted, duplicates, rejected,
  received_at, merged_at
) on upload_batches to phoenix_engineer;
