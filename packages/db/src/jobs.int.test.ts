import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import { startJobRunner, type JobRunner } from './jobs.ts';
import { readStorageHealth } from './storage.ts';
import { createTestPatient, stageTestReadings, syntheticReadings } from './storage-test-support.ts';

const PATIENT = {
  userId: '00000000-0000-4000-8000-00000000d001',
  patientId: '00000000-0000-4000-8000-00000000d101',
  timezone: 'UTC',
};

let db: TestDatabase;
let pool: pg.Pool;
let runner: JobRunner | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.adminUrl, max: 4 });
  await createTestPatient(pool, PATIENT);
});

afterAll(async () => {
  await runner?.stop();
  await pool.end();
  await db.drop();
});

async function batchStatus(batchId: string): Promise<string> {
  const result = await pool.query('select status from upload_batches where id = $1', [batchId]);
  return result.rows[0].status;
}

describe('storage job runner', () => {
  it('skips a job whose lock another process holds', async () => {
    const other = await pool.connect();
    try {
      await other.query("select pg_advisory_lock(hashtext('phoenix job merge'))");
      runner = startJobRunner({ pool, intervalsMs: { merge: 3_600_000, aggregates: 3_600_000 } });
      const readings = syntheticReadings({ startMs: Date.UTC(2024, 5, 3), count: 24 });
      const batchId = await stageTestReadings(pool, { ...PATIENT, key: 'jobs-locked', readings });
      await runner.runNow('merge');
      expect(await batchStatus(batchId)).toBe('staged');

      await other.query("select pg_advisory_unlock(hashtext('phoenix job merge'))");
      await runner.runNow('merge');
      expect(await batchStatus(batchId)).toBe('merged');
    } finally {
      other.release(true);
      await runner?.stop();
      runner = null;
    }
  });

  it('merges, refreshes and records each run', async () => {
    runner = startJobRunner({ pool, intervalsMs: { merge: 20, aggregates: 20, partitions: 20 } });
    const readings = syntheticReadings({ startMs: Date.UTC(2024, 5, 10), count: 36 });
    const batchId = await stageTestReadings(pool, { ...PATIENT, key: 'jobs-timer', readings });

    // A generous deadline, because a loaded CI machine runs the timers late; the loop ends as
    // soon as the jobs have done their work.
    const deadline = Date.now() + 60_000;
    const hourlyRows = async () =>
      (await pool.query('select count(*)::int as n from glucose_hourly')).rows[0].n as number;
    let health = await readStorageHealth(pool);
    while (
      Date.now() < deadline &&
      ((await batchStatus(batchId)) !== 'merged' ||
        health.dirtyHours.count > 0 ||
        health.jobs.length < 3 ||
        (await hourlyRows()) < 5)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      health = await readStorageHealth(pool);
    }
    await runner.stop();
    runner = null;

    expect(await batchStatus(batchId)).toBe('merged');
    expect(health.dirtyHours.count).toBe(0);
    expect(health.jobs.map((job) => job.job)).toEqual(['aggregates', 'merge', 'partitions']);
    for (const job of health.jobs) {
      expect(job.lastError, job.job).toBeNull();
      expect(job.lastSucceededAt, job.job).not.toBeNull();
    }
    // 24 and 36 readings 5 minutes apart fill 2 and 3 hours, one aggregate row each.
    const hourly = await pool.query('select count(*)::int as n from glucose_hourly');
    expect(hourly.rows[0].n).toBe(2 + 3);
  }, 90_000);
});
