/**
 * A connection that runs one SQL statement at a time: a `pg` client or pool, or an in-process
 * PGlite. Maintenance statements commit on their own, so it must not be inside a transaction.
 */
export interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Storage mode of the time series, chosen by the migrations (see 0011_storage_modes.sql). */
export type StorageMode = 'timescaledb' | 'plain';

/** Read the storage mode the migrations chose. */
export async function readStorageMode(client: SqlClient): Promise<StorageMode> {
  const result = await client.query('select storage_mode() as mode');
  return (result.rows[0] as { mode: StorageMode }).mode;
}

/** Hours and UTC days of CGM aggregates recomputed by one refresh. */
export interface RefreshResult {
  /** Log rows of `glucose_dirty_hours` handled. */
  entries: number;
  hours: number;
  days: number;
}

/** Log rows one refresh handles by default. */
export const DEFAULT_REFRESH_ENTRIES = 20_000;

/**
 * Recompute the hourly and daily CGM aggregates of the oldest `maxEntries` hours logged in
 * `glucose_dirty_hours`, and remove those log rows. Plain mode recomputes them in the rollup
 * tables in one transaction. TimescaleDB mode refreshes both continuous aggregates over the
 * span of those hours, hourly first, and then deletes the rows it read. Each refresh commits
 * on its own, so `client` must not be inside a transaction. Needs the schema owner's
 * rights (the migration role).
 */
export async function refreshGlucoseAggregates(
  client: SqlClient,
  maxEntries: number = DEFAULT_REFRESH_ENTRIES,
): Promise<RefreshResult> {
  const mode = await readStorageMode(client);
  if (mode === 'plain') {
    const result = await client.query('select hours, days from refresh_glucose_rollups($1)', [
      maxEntries,
    ]);
    const row = result.rows[0] as { hours: string; days: string };
    return { entries: Number(row.hours), hours: Number(row.hours), days: Number(row.days) };
  }
  return refreshContinuousAggregates(client, maxEntries);
}

async function refreshContinuousAggregates(
  client: SqlClient,
  maxEntries: number,
): Promise<RefreshResult> {
  const claimed = await client.query(
    `select array_agg(id) as ids, min(bucket) as first_hour, max(bucket) as last_hour,
       count(distinct (patient_id, bucket))::int as hours,
       count(distinct (patient_id, day_bucket(bucket)))::int as days
     from (select id, patient_id, bucket from glucose_dirty_hours order by id limit $1) d`,
    [maxEntries],
  );
  const row = claimed.rows[0] as {
    ids: string[] | null;
    first_hour: Date | null;
    last_hour: Date | null;
    hours: number;
    days: number;
  };
  if (!row.ids || !row.first_hour || !row.last_hour) return { entries: 0, hours: 0, days: 0 };

  // The refresh reads every merge committed before it starts, so it covers each log row read
  // above. Rows logged since then stay for the next run.
  await client.query(
    `call refresh_continuous_aggregate('glucose_hourly', $1::timestamptz,
       $2::timestamptz + interval '1 hour')`,
    [row.first_hour, row.last_hour],
  );
  await client.query(
    `call refresh_continuous_aggregate('glucose_daily', day_bucket($1::timestamptz),
       day_bucket($2::timestamptz) + interval '1 day')`,
    [row.first_hour, row.last_hour],
  );
  await client.query('delete from glucose_dirty_hours where id = any($1::bigint[])', [row.ids]);
  return { entries: row.ids.length, hours: row.hours, days: row.days };
}

/** Outcome of partition maintenance in plain mode; zeros in TimescaleDB mode. */
export interface PartitionMaintenance {
  /** Rows moved out of the default partitions into partitions of their own. */
  movedRows: number;
  /** Weekly partitions created ahead of the data. */
  createdPartitions: number;
}

/** Weeks of partitions kept ready beyond the current one. */
export const DEFAULT_WEEKS_AHEAD = 8;

/**
 * In plain mode, move rows out of the default partitions (creating their weeks' partitions)
 * and create the partitions of the coming `weeksAhead` weeks. The drain holds an ACCESS
 * EXCLUSIVE lock on each time-series table while it moves rows, which blocks merges and reads
 * of that table meanwhile. Needs the schema owner's rights (the migration role).
 */
export async function maintainPartitions(
  client: SqlClient,
  weeksAhead: number = DEFAULT_WEEKS_AHEAD,
): Promise<PartitionMaintenance> {
  const drained = await client.query('select drain_default_partitions() as moved');
  const created = await client.query('select create_partitions_ahead($1) as created', [weeksAhead]);
  return {
    movedRows: Number((drained.rows[0] as { moved: string }).moved),
    createdPartitions: Number((created.rows[0] as { created: number }).created),
  };
}

/** Storage state for the health endpoint; see `storage_health()` in 0015_storage_health.sql. */
export interface StorageHealth {
  mode: StorageMode;
  backlog: { batches: number; records: number; oldestReceivedAt: string | null };
  /** Rows waiting in the default partitions (plain mode); null in TimescaleDB mode. */
  defaultPartitionRows: { cbg_readings: number; device_records: number } | null;
  /** Hours logged for an aggregate refresh that has not run yet. */
  dirtyHours: { count: number; oldestLoggedAt: string | null };
  /** Chunks of the hypertables (TimescaleDB mode); null in plain mode. */
  chunks: { total: number; compressed: number } | null;
  /** Last run of each background job; times are ISO 8601 strings. */
  jobs: {
    job: string;
    lastStartedAt: string;
    lastFinishedAt: string | null;
    lastSucceededAt: string | null;
    lastDurationMs: number | null;
    lastError: string | null;
    runs: number;
    failures: number;
  }[];
}

/** Read the storage state; the API's login role may call it outside any application role. */
export async function readStorageHealth(client: SqlClient): Promise<StorageHealth> {
  const result = await client.query('select storage_health() as health');
  return (result.rows[0] as { health: StorageHealth }).health;
}
