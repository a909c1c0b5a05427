-- Audit events of upload batches and devices at commit. audit.append_event takes an advisory
-- lock, held until the transaction ends, so that the hash chain follows commit order. Its
-- triggers on upload_batches and devices fired when begin_upload inserted the batch, so every
-- upload held the lock through its binary COPY and duplicate check, and concurrent uploads ran
-- one at a time (4 clients waited 456 ms on average in begin_upload). As deferred constraint
-- triggers they fire at commit, in the order of the changes, and hold the lock only for the
-- commit. The events are the same, with one difference: db_role is the role current at
-- commit, which for the upload functions is the caller's role instead of their owner.

-- Fail fast instead of queueing behind live traffic.
set local lock_timeout = '10s';
set local statement_timeout = '1min';

set local role phoenix_owner;

drop trigger upload_batches_90_audit on upload_batches;
create constraint trigger upload_batches_90_audit
  after insert or update or delete on upload_batches
  deferrable initially deferred
  for each row execute function audit.record_change();

drop trigger devices_90_audit on devices;
create constraint trigger devices_90_audit
  after insert or update or delete on devices
  deferrable initially deferred
  for each row execute function audit.record_change();
