-- A paired bridge could not read the receipt of a batch it had sent, because upload_receipt
-- let only those who may read the patient see it, and a bridge may write for its patient but
-- not read. So a bridge that sent a batch again got a replay with no counts and the status
-- `open`. The user or bridge that created a batch may now read its receipt too.

-- Fail fast instead of queueing behind live traffic.
set local lock_timeout = '10s';
set local statement_timeout = '1min';

set local role phoenix_owner;

create or replace function upload_receipt(batch uuid)
returns table (
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
  where u.id = batch and (can_read_patient(u.patient_id) or u.created_by = app_user_id())
$$;
