import type pg from 'pg';
import { drainStaging, DEFAULT_MERGE_RECORDS } from './merger.ts';
import { maintainPartitions, refreshGlucoseAggregates, type SqlClient } from './storage.ts';

/** Background jobs of the storage layer. */
export type JobName = 'merge' | 'aggregates' | 'partitions';

/** Logger of the runner; pino's fits. Its messages carry counts, never health data. */
export interface JobLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Options of `startJobRunner`. */
export interface JobRunnerOptions {
  /**
   * Pool connected as the schema owner (the migration role). The jobs need its rights: the
   * merger writes the time-series tables, and TimescaleDB refreshes continuous aggregates only
   * for their owner and only outside a transaction, which no SECURITY DEFINER function can do.
   */
  pool: pg.Pool;
  log?: JobLogger;
  /** Pause between the end of one run of a job and the start of the next, in ms. */
  intervalsMs?: Partial<Record<JobName, number>>;
  /** Records per merge transaction. */
  mergeRecords?: number;
  /** Maximum time one merge run keeps merging while batches wait, in ms. */
  mergeBudgetMs?: number;
}

/** A running set of background jobs. */
export interface JobRunner {
  /** Run a job now, waiting for a run already in progress first. Raises what the job raises. */
  runNow(job: JobName): Promise<void>;
  /** Stop scheduling and wait for the runs in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Default pauses: merge often, refresh aggregates every few seconds, partitions every minute.
 * The partition job also moves readings that an upload of older data put in the default
 * partition, and the health endpoint reports the platform as degraded until it has. When
 * nothing waits, a run is two existence checks.
 */
export const DEFAULT_JOB_INTERVALS_MS: Readonly<Record<JobName, number>> = {
  merge: 500,
  aggregates: 5_000,
  partitions: 60_000,
};

const NO_LOG: JobLogger = { info() {}, warn() {}, error() {} };

/**
 * Start the storage jobs in this process, each on its own timer and once right away:
 *
 * - `merge` moves staged uploads into the time-series tables;
 * - `aggregates` refreshes the hourly and daily CGM aggregates of changed hours;
 * - `partitions` keeps plain mode's weekly partitions ahead of the data and drains its
 *   default partitions.
 *
 * Each run takes a PostgreSQL advisory lock named after the job and skips when another
 * process holds it, so several API processes may run the jobs against one database. Every run
 * is recorded in `job_runs`. Failures are logged and retried at the next interval.
 */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const log = options.log ?? NO_LOG;
  const intervals = { ...DEFAULT_JOB_INTERVALS_MS, ...options.intervalsMs };
  const bodies: Record<JobName, (client: SqlClient) => Promise<object>> = {
    merge: (client) =>
      drainStaging(client, {
        maxRecords: options.mergeRecords ?? DEFAULT_MERGE_RECORDS,
        deadlineMs: Date.now() + (options.mergeBudgetMs ?? 5_000),
      }),
    aggregates: (client) => refreshGlucoseAggregates(client),
    partitions: (client) => maintainPartitions(client),
  };

  let stopped = false;
  const running = new Map<JobName, Promise<void>>();
  const timers = new Map<JobName, NodeJS.Timeout>();

  const run = (job: JobName): Promise<void> => {
    const previous = running.get(job) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() => runLocked(options.pool, job, bodies[job], log));
    running.set(job, next);
    return next;
  };
  const schedule = (job: JobName, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      run(job)
        .catch(() => {}) // logged and recorded by runLocked
        .finally(() => schedule(job, intervals[job]));
    }, delayMs);
    timer.unref();
    timers.set(job, timer);
  };
  for (const job of Object.keys(bodies) as JobName[]) schedule(job, 0);
  log.info({ intervalsMs: intervals }, 'storage jobs started');

  return {
    runNow: run,
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.allSettled(running.values());
      log.info({}, 'storage jobs stopped');
    },
  };
}

async function runLocked(
  pool: pg.Pool,
  job: JobName,
  body: (client: SqlClient) => Promise<object>,
  log: JobLogger,
): Promise<void> {
  const client = await pool.connect();
  // The pool listens for errors of idle clients only. Without this listener, a connection lost
  // during a run (a server restart) would raise an unhandled 'error' event and end the process.
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  let locked = false;
  try {
    const lock = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtext($1)) as locked',
      [`phoenix job ${job}`],
    );
    locked = lock.rows[0]!.locked;
    if (!locked) return;
    await runRecorded(client, job, body, log);
  } finally {
    if (locked && !lost) {
      // A client whose lock could not be released is discarded, which ends its session and so
      // releases the lock.
      await client
        .query('select pg_advisory_unlock(hashtext($1))', [`phoenix job ${job}`])
        .catch((error: Error) => {
          lost = error;
        });
    }
    client.off('error', onError);
    client.release(lost);
  }
}

async function runRecorded(
  client: pg.PoolClient,
  job: JobName,
  body: (client: SqlClient) => Promise<object>,
  log: JobLogger,
): Promise<void> {
  const started = new Date();
  await client.query(
    `insert into job_runs (job, last_started_at, runs) values ($1, $2, 1)
     on conflict (job) do update set last_started_at = $2, runs = job_runs.runs + 1`,
    [job, started],
  );
  try {
    const outcome = await body(client);
    const durationMs = Date.now() - started.getTime();
    await client.query(
      `update job_runs set last_finished_at = now(), last_succeeded_at = now(),
         last_duration_ms = $2, last_error = null where job = $1`,
      [job, durationMs],
    );
    if (isBusy(outcome)) log.info({ job, durationMs, ...outcome }, 'storage job ran');
  } catch (error) {
    // Only the message and SQLSTATE: a database error's detail can quote a row's values.
    const message = (error as Error).message;
    const code = (error as { code?: unknown }).code;
    log.error({ job, error: message, code }, 'storage job failed; retrying at the next interval');
    await client
      .query(
        `update job_runs set last_finished_at = now(), last_duration_ms = $2, last_error = $3,
           failures = failures + 1 where job = $1`,
        [job, Date.now() - started.getTime(), message.slice(0, 1000)],
      )
      .catch(() => {});
    throw error;
  }
}

/** True when a job's outcome counts any work, so idle runs stay out of the log. */
function isBusy(outcome: object): boolean {
  return Object.values(outcome).some((value) => typeof value === 'number' && value > 0);
}
