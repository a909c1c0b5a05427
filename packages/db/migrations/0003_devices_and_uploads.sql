-- Devices, upload batches and the append-only staging table that bulk COPY writes into.
-- An upload is begun, its records are copied into staging, and merge_upload moves them into the
-- time-series tables in the same transaction, so nothing is acknowledged before it is committed.

set local role phoenix_owner;

create table devices (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients (id),
  -- Maker's model and serial or transmitter ID, for example dexcom-g6:8AB12C.
  device_key text not null check (length(device_key) between 1 and 200),
  created_at timestamptz not null default now(),
  last_upload_at timestamptz,
  unique (patient_id, device_key)
);
alter table devices enable row level security;
alter table devices force row level security;
create policy devices_readable on devices for select using (can_read_patient(patient_id));

create table upload_batches (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients (id),
  -- Application user who sent the batch; null for direct SQL.
  created_by uuid,
  idempotency_key text not null check (length(idempotency_key) between 8 and 200),
  -- SHA-256 of the batch as sent, so a reused key with other content is detected.
  digest bytea not null check (length(digest) = 32),
  source_format text,
  source_file text,
  status text not null default 'open' check (status in ('open', 'merged')),
  record_count integer not null check (record_count >= 0),
  accepted integer,
  duplicates integer,
  rejected integer not null default 0,
  -- Rejected records as [{index, field, value, message}], returned again on a replay.
  rejections jsonb not null default '[]',
  received_at timestamptz not null default now(),
  merged_at timestamptz,
  unique (patient_id, idempotency_key)
);
alter table upload_batches enable row level security;
alter table upload_batches force row level security;
create policy upload_batches_readable on upload_batches for select
  using (can_read_patient(patient_id));

-- Records copied in by an upload, waiting for merge_upload. Application roles may only insert;
-- merge_upload takes rows of an open batch that the same user began in the same transaction.
create table upload_staging (
  batch_id uuid not null,
  record_index integer not null,
  type text not null,
  identity_hash bytea not null check (length(identity_hash) = 32),
  time timestamptz not null,
  device_key text not null,
  device_time timestamp not null,
  timezone_offset_min integer not null,
  clock_drift_offset_ms integer not null,
  conversion_offset_ms bigint not null,
  time_resolution text not null,
  value_mg_dl double precision,
  out_of_range text,
  threshold_mg_dl double precision,
  rate_mg_dl_per_min double precision,
  trend text,
  transmitter_time_sec bigint,
  source_format text,
  source_line integer,
  -- Type-specific fields of records other than cbg.
  payload jsonb
);
create index upload_staging_batch on upload_staging (batch_id);

grant insert on upload_staging to phoenix_patient, phoenix_clinician, phoenix_bridge;
grant select on devices, upload_batches to phoenix_patient, phoenix_clinician;
