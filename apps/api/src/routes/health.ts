import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { readStorageHealth, type StorageHealth } from '@phoenix/db';
import { ApiError } from '../http/errors.ts';
import { DEFAULT_MAX_BACKLOG_RECORDS } from './uploads.ts';

/** Share of the staging backlog's bound at which health reports `degraded`. */
const BACKLOG_WARNING_SHARE = 0.8;

/**
 * Why storage is degraded: rows waiting in a default partition, a backlog near its bound, or
 * a job whose last run failed. Empty when all is well.
 */
export function storageWarnings(health: StorageHealth, maxBacklogRecords: number): string[] {
  const warnings: string[] = [];
  for (const [table, rows] of Object.entries(health.defaultPartitionRows ?? {})) {
    if (rows > 0) {
      warnings.push(
        `${rows} rows of ${table} are in its default partition; the partitions job moves them`,
      );
    }
  }
  if (health.backlog.records >= BACKLOG_WARNING_SHARE * maxBacklogRecords) {
    warnings.push(
      `the staging backlog contains ${health.backlog.records} of at most ${maxBacklogRecords} records`,
    );
  }
  for (const job of health.jobs) {
    if (job.lastError !== null) warnings.push(`the last run of job ${job.job} failed`);
  }
  return warnings;
}

/**
 * `GET /api/health`: whether the API reaches its database, and the storage state: mode,
 * staging backlog and its bound, rows in default partitions, hours waiting for an aggregate
 * refresh, chunks, and the background jobs' last runs. Status is `degraded` with `warnings`
 * when `storageWarnings` finds any; 503 when the database is unreachable.
 */
export function healthRoutes(
  app: FastifyInstance,
  pool: pg.Pool,
  options: { maxBacklogRecords?: number } = {},
): void {
  const maxBacklogRecords = options.maxBacklogRecords ?? DEFAULT_MAX_BACKLOG_RECORDS;
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Liveness of the API and its database, and the state of storage',
        tags: ['health'],
        response: {
          200: {
            type: 'object',
            required: ['status', 'database', 'storage', 'warnings'],
            properties: {
              status: { type: 'string', enum: ['ok', 'degraded'] },
              database: { type: 'string' },
              warnings: { type: 'array', items: { type: 'string' } },
              storage: { type: 'object', additionalProperties: true },
            },
          },
        },
      },
    },
    async () => {
      let storage: StorageHealth;
      try {
        storage = await readStorageHealth(pool);
      } catch (error) {
        throw new ApiError(
          'DATABASE_UNAVAILABLE',
          'the database is unavailable; retry later',
          undefined,
          { cause: error },
        );
      }
      const warnings = storageWarnings(storage, maxBacklogRecords);
      return {
        status: warnings.length > 0 ? 'degraded' : 'ok',
        database: 'up',
        warnings,
        storage: { ...storage, backlog: { ...storage.backlog, maxRecords: maxBacklogRecords } },
      };
    },
  );
}
