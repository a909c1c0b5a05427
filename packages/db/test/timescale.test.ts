/**
 * The TimescaleDB lane: the migrations and the storage scenario on PGlite with TimescaleDB
 * (see timescale-engine.ts), and the same scenario on PGlite without it, in plain mode.
 * Run with `npx vitest run --config packages/db/test/timescale-vitest.config.ts`.
 */
import {
  classifyGlucoseSample,
  glucoseValueForAverages,
  type GlucoseSample,
} from '@phoenix/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeStaged } from '../src/merger.ts';
import { readStorageHealth, readStorageMode, refreshGlucoseAggregates } from '../src/storage.ts';
import { runStorageScenario, SCENARIO, type ScenarioSnapshot } from '../src/storage-scenario.ts';
import { stageTestReadings, syntheticReadings } from '../src/storage-test-support.ts';
import { applyMigrations, startTestEngine, type TestEngine } from './timescale-engine.ts';

let timescale: TestEngine;
let plain: TestEngine;
let timescaleSnapshots: ScenarioSnapshot[];

beforeAll(async () => {
  [timescale, plain] = await Promise.all([
    startTestEngine({ timescale: true }),
    startTestEngine({ timescale: false }),
  ]);
});

afterAll(async () => {
  await Promise.all([timescale?.close(), plain?.close()]);
});

async function rows<T>(engine: TestEngine, sql: string, params?: unknown[]): Promise<T[]> {
  return (await engine.db.query<T>(sql, params)).rows;
}

describe('TimescaleDB mode on PGlite', () => {
  it('is chosen when the extension is available', async () => {
    expect(await readStorageMode(timescale.client)).toBe('timescaledb');
    expect(await readStorageMode(plain.client)).toBe('plain');
  });

  it('makes hypertables with 7-day chunks', async () => {
    const dimensions = await rows<{ hypertable_name: string; time_interval: string }>(
      timescale,
      `select hypertable_name, time_interval::text from timescaledb_information.dimensions
       where hypertable_name in ('cbg_readings', 'device_records') order by hypertable_name`,
    );
    expect(dimensions.map((row) => row.hypertable_name)).toEqual([
      'cbg_readings',
      'device_records',
    ]);
    for (const row of dimensions) expect(row.time_interval).toBe('7 days');
  });

  it('compresses by patient, ordered by time', async () => {
    const settings = await rows<{ hypertable: string; segmentby: string; orderby: string }>(
      timescale,
      `select hypertable::text, segmentby::text, orderby::text
       from timescaledb_information.hypertable_compression_settings
       where hypertable::text in ('cbg_readings', 'device_records') order by 1`,
    );
    expect(settings).toEqual([
      { hypertable: 'cbg_readings', segmentby: 'patient_id', orderby: '"time"' },
      { hypertable: 'device_records', segmentby: 'patient_id', orderby: '"time"' },
    ]);
  });

  it('registers compression and refresh policies', async () => {
    const jobs = await rows<{ proc_name: string; hypertable_name: string; config: object }>(
      timescale,
      `select proc_name, hypertable_name, config from timescaledb_information.jobs
       where proc_name in ('policy_compression', 'policy_refresh_continuous_aggregate')
       order by proc_name, hypertable_name`,
    );
    expect(jobs.map((job) => [job.proc_name, job.hypertable_name])).toEqual([
      ['policy_compression', 'cbg_readings'],
      ['policy_compression', 'device_records'],
      ['policy_refresh_continuous_aggregate', 'glucose_daily'],
      ['policy_refresh_continuous_aggregate', 'glucose_hourly'],
    ]);
    expect(jobs[0]!.config).toMatchObject({ compress_after: '30 days' });
    expect(jobs[3]!.config).toMatchObject({ start_offset: '3 days', end_offset: '01:00:00' });
  });

  it('answers reads from aggregates as from raw rows', async () => {
    timescaleSnapshots = await runStorageScenario(timescale.client);
    expect(timescaleSnapshots).toHaveLength(4);
  });

  it('gives the same results as plain mode', async () => {
    const plainSnapshots = await runStorageScenario(plain.client);
    expect(timescaleSnapshots).toEqual(plainSnapshots);
  });

  it('keeps continuous aggregates equal to a recount of raw rows', async () => {
    await refreshGlucoseAggregates(timescale.client);
    const stored = await rows<{
      time: Date;
      value_mg_dl: number | null;
      out_of_range: 'low' | 'high' | null;
      threshold_mg_dl: number | null;
      patient_id: string;
    }>(
      timescale,
      'select patient_id, time, value_mg_dl, out_of_range, threshold_mg_dl from cbg_readings',
    );
    const expected = recountHours(stored);
    const hourly = await rows<{
      key: string;
      reading_count: number;
      value_sum: string;
      value_min: number;
      value_max: number;
      very_low_count: number;
      target_count: number;
      very_high_count: number;
      out_of_range_low_count: number;
    }>(
      timescale,
      `select patient_id || ' ' || bucket::text as key, reading_count, value_sum::text, value_min,
         value_max, very_low_count, target_count, very_high_count, out_of_range_low_count
       from glucose_hourly`,
    );
    expect(hourly).toHaveLength(expected.size);
    for (const row of hourly) {
      const hour = expected.get(row.key.replace(/\+00$/, ''));
      expect(hour, row.key).toBeDefined();
      expect(row.reading_count).toBe(hour!.count);
      expect(Number(row.value_sum)).toBeCloseTo(hour!.sum, 6);
      expect(row.value_min).toBe(hour!.min);
      expect(row.value_max).toBe(hour!.max);
      expect(row.very_low_count).toBe(hour!.veryLow);
      expect(row.target_count).toBe(hour!.target);
      expect(row.very_high_count).toBe(hour!.veryHigh);
      expect(row.out_of_range_low_count).toBe(hour!.lows);
    }
  });

  it('reads compressed chunks and merges into them', async () => {
    const before = timescaleSnapshots.at(-1)!;
    await timescale.db.exec(`select compress_chunk(c) from show_chunks('cbg_readings') c`);
    const health = await readStorageHealth(timescale.client);
    expect(health.chunks!.compressed).toBeGreaterThan(0);
    expect(health.defaultPartitionRows).toBeNull();

    // A late reading lands in a compressed chunk; a repeat of a stored one is a duplicate.
    const late = syntheticReadings({ startMs: Date.UTC(2024, 2, 28, 0, 2), count: 1, seed: 9 });
    const repeat = syntheticReadings({ startMs: Date.UTC(2024, 2, 28), count: 1, seed: 1 });
    await stageTestReadings(timescale.client, {
      ...SCENARIO.a,
      key: 'late-into-compressed',
      readings: [...late, ...repeat],
    });
    expect(await mergeStaged(timescale.client)).toMatchObject({ accepted: 1, duplicates: 1 });
    const count = await rows<{ n: number }>(
      timescale,
      "select count(*)::int as n from cbg_readings where time >= '2024-03-28' and time < '2024-03-28 00:10'",
    );
    expect(count[0]!.n).toBe(3);
    await refreshGlucoseAggregates(timescale.client);
    const after = await runReadsAgain();
    // The late reading is outside patient A's statistics period, which starts at 03:17.
    expect(after.statisticsA).toEqual(before.statisticsA);
  });

  it('applies no migration twice', async () => {
    expect(await applyMigrations(timescale.db)).toEqual([]);
  });
});

/** Patient A's statistics read again as the scenario reads them. */
async function runReadsAgain(): Promise<Pick<ScenarioSnapshot, 'statisticsA'>> {
  const { asUser } = await import('../src/storage-test-support.ts');
  const { readGlucoseStatistics } = await import('../src/storage-reads.ts');
  const from = new Date(Date.UTC(2024, 2, 28, 3, 17));
  const to = new Date(Date.UTC(2024, 2, 28) + 4 * 86_400_000 + (20 * 60 + 43) * 60_000);
  return asUser(
    timescale.client,
    { role: 'clinician', userId: SCENARIO.clinicianId },
    async () => ({
      statisticsA: await readGlucoseStatistics(timescale.client, SCENARIO.a.patientId, from, to),
    }),
  );
}

interface HourTotals {
  count: number;
  sum: number;
  min: number;
  max: number;
  veryLow: number;
  target: number;
  veryHigh: number;
  lows: number;
}

/** Per patient and UTC hour, the totals the hourly aggregate should hold, from the domain. */
function recountHours(
  stored: {
    patient_id: string;
    time: Date;
    value_mg_dl: number | null;
    out_of_range: 'low' | 'high' | null;
    threshold_mg_dl: number | null;
  }[],
): Map<string, HourTotals> {
  const hours = new Map<string, HourTotals>();
  for (const row of stored) {
    const sample: GlucoseSample = {
      timeMs: row.time.getTime(),
      valueMgDl: row.value_mg_dl,
      outOfRange: row.out_of_range,
      thresholdMgDl: row.threshold_mg_dl,
    };
    const value = glucoseValueForAverages(sample);
    if (value === null) continue;
    const hourStart = new Date(Math.floor(sample.timeMs / 3_600_000) * 3_600_000);
    const key = `${row.patient_id} ${hourStart.toISOString().replace('T', ' ').slice(0, 19)}`;
    const totals = hours.get(key) ?? {
      count: 0,
      sum: 0,
      min: Infinity,
      max: -Infinity,
      veryLow: 0,
      target: 0,
      veryHigh: 0,
      lows: 0,
    };
    const band = classifyGlucoseSample(sample);
    totals.count += 1;
    totals.sum += value;
    totals.min = Math.min(totals.min, value);
    totals.max = Math.max(totals.max, value);
    if (band === 'veryLow') totals.veryLow += 1;
    if (band === 'target') totals.target += 1;
    if (band === 'veryHigh') totals.veryHigh += 1;
    if (row.out_of_range === 'low') totals.lows += 1;
    hours.set(key, totals);
  }
  return hours;
}
