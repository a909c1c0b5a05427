-- What the health endpoint reports about storage: the mode, the staging backlog, rows waiting
-- in plain mode's default partitions, hours waiting for an aggregate refresh, compressed
-- chunks in TimescaleDB mode, and the last run of each background job.

-- Fail fast instead of queueing behind live traffic; converting or rewriting large tables
-- may need a longer statement timeout, set by the operator for that run.
set local lock_timeout = '10s';
set local statement_timeout = '10min';

set local role phoenix_owner;

-- Last run of each background job, written by the job runner.
create table job_runs (
  job text primary key,
  last_started_at timestamptz not null,
  last_finished_at timestamptz,
  last_succeeded_at timestamptz,
  last_duration_ms integer,
  last_error text,
  runs bigint not null default 0,
  failures bigint not null default 0
);

-- Storage state as one JSON object: mode, backlog {batches, records, oldestReceivedAt},
-- defaultPartitionRows {cbg_readings, device_records} (plain mode; null otherwise),
-- dirtyHours {count, oldestLoggedAt}, chunks {total, compressed} (TimescaleDB mode; null
-- otherwise) and jobs [{job, lastStartedAt, lastSucceededAt, lastError, …}]. Holds no
-- patient data, so the API's login role may call it.
create function storage_health() returns jsonb
language plpgsql stable security definer
set search_path = public, pg_temp
as $$
declare
  mode text := storage_mode();
  default_rows jsonb;
  chunks jsonb;
begin
  if mode = 'plain' then
    select jsonb_build_object(
      'cbg_readings', (select count(*) from cbg_readings_default),
      'device_records', (select count(*) from device_records_default)
    ) into default_rows;
  else
    execute $sql$
      select jsonb_build_object('total', count(*), 'compressed', count(*) filter (where is_compressed))
      from timescaledb_information.chunks
      where hypertable_name in ('cbg_readings', 'device_records')
    $sql$ into chunks;
  end if;

  return jsonb_build_object(
    'mode', mode,
    'backlog', (
      select jsonb_build_object(
        'batches', b.batches, 'records', b.records, 'oldestReceivedAt', b.oldest_received_at)
      from ingest_backlog() b
    ),
    'defaultPartitionRows', default_rows,
    'dirtyHours', (
      select jsonb_build_object('count', count(*), 'oldestLoggedAt', min(logged_at))
      from glucose_dirty_hours
    ),
    'chunks', chunks,
    'jobs', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'job', j.job, 'lastStartedAt', j.last_started_at, 'lastFinishedAt', j.last_finished_at,
        'lastSucceededAt', j.last_succeeded_at, 'lastDurationMs', j.last_duration_ms,
        'lastError', j.last_error, 'runs', j.runs, 'failures', j.failures
      ) order by j.job), '[]')
      from job_runs j
    )
  );
end
$$;

grant execute on function storage_health() to phoenix_api, phoenix_admin, phoenix_engineer;
