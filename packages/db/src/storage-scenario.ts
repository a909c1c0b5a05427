/**
 * One storage scenario that both test engines run: two patients, an upload merged and
 * aggregated, a late upload whose hours are still dirty, a refresh, and a deleted reading.
 * At each step the read functions must match the domain's metrics computed from the raw
 * readings, which are an independent implementation. The snapshots it returns let a test
 * compare the two storage modes value for value.
 */
import {
  computeAgp,
  computeGlucoseStatistics,
  type AmbulatoryGlucoseProfile,
  type GlucoseStatistics,
} from '@phoenix/domain';
import { expect } from 'vitest';
import { mergeStaged } from './merger.ts';
import { refreshGlucoseAggregates, type SqlClient } from './storage.ts';
import { readAgp, readClinicTriage, readGlucoseStatistics } from './storage-reads.ts';
import {
  checkEdgePeriods,
  expectAgpClose,
  expectStatisticsClose,
} from './storage-scenario-checks.ts';
import {
  asUser,
  createTestPatient,
  stageTestReadings,
  syntheticReadings,
  type TestReading,
} from './storage-test-support.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The people of the scenario. Patient A lives in Helsinki, patient B in Kolkata (UTC+5:30). */
export const SCENARIO = {
  clinicianId: '00000000-0000-4000-8000-00000000c001',
  teamId: '00000000-0000-4000-8000-00000000c101',
  a: {
    userId: '00000000-0000-4000-8000-00000000a001',
    patientId: '00000000-0000-4000-8000-00000000a101',
    timezone: 'Europe/Helsinki',
  },
  b: {
    userId: '00000000-0000-4000-8000-00000000b001',
    patientId: '00000000-0000-4000-8000-00000000b101',
    timezone: 'Asia/Kolkata',
  },
} as const;

/** Patient A: 5 days of 5-minute readings across the EU switch to summer time (31 March). */
const A_START = Date.UTC(2024, 2, 28);
const A_READINGS = syntheticReadings({ startMs: A_START, count: 5 * 288, seed: 1 });
/** The first upload contains the first 4 days, and the late one the 5th day and 30 repeats. */
const A_FIRST = A_READINGS.slice(0, 4 * 288);
const A_LATE = [...A_READINGS.slice(4 * 288), ...A_READINGS.slice(100, 130)];
/** A period that starts and ends inside hours, so edges, hours and days all take part. */
const A_PERIOD = {
  fromMs: A_START + 3 * HOUR_MS + 17 * 60_000,
  toMs: A_START + 4 * DAY_MS + 20 * HOUR_MS + 43 * 60_000,
};

/** Patient B: 3 days of 15-minute readings (Libre 2 historic data). */
const B_START = Date.UTC(2024, 2, 29);
const B_READINGS = syntheticReadings({
  startMs: B_START,
  count: 3 * 96,
  intervalMinutes: 15,
  seed: 2,
});
const B_PERIOD = { fromMs: B_START, toMs: B_START + 3 * DAY_MS };

/** Results of the read functions at one step of the scenario. */
export interface ScenarioSnapshot {
  statisticsA: GlucoseStatistics;
  statisticsB: GlucoseStatistics;
  /** Days with data in each patient's own zone, from `readGlucoseStatistics` with `timezone`. */
  localDaysWithData: { a: number; b: number };
  agpA: AmbulatoryGlucoseProfile;
  agpB: AmbulatoryGlucoseProfile;
  triage: { patientId: string; statistics: GlucoseStatistics; lastReadingTime: Date | null }[];
}

/**
 * Run the scenario on a migrated, empty database through `client`, a superuser on one
 * connection. Checks every step with `expect` and returns the snapshots of the steps: after
 * the first merge and refresh, with dirty hours, after the second refresh, after a deletion.
 */
export async function runStorageScenario(client: SqlClient): Promise<ScenarioSnapshot[]> {
  for (const patient of [SCENARIO.a, SCENARIO.b]) {
    await createTestPatient(client, {
      ...patient,
      clinicianId: SCENARIO.clinicianId,
      teamId: SCENARIO.teamId,
    });
  }
  await stageTestReadings(client, { ...SCENARIO.a, key: 'scenario-a-first', readings: A_FIRST });
  await stageTestReadings(client, { ...SCENARIO.b, key: 'scenario-b', readings: B_READINGS });
  expect(await mergeStaged(client)).toMatchObject({
    batches: 2,
    accepted: A_FIRST.length + B_READINGS.length,
  });
  await refreshGlucoseAggregates(client);
  expect(await dirtyHourCount(client)).toBe(0);
  // Every hour with readings has its aggregate row: 4 days of patient A, 3 of patient B.
  const hourly = await client.query('select count(*) as n from glucose_hourly');
  expect(Number((hourly.rows[0] as { n: string | number }).n)).toBe((4 + 3) * 24);
  const snapshots = [await checkReads(client, A_FIRST)];

  await stageTestReadings(client, { ...SCENARIO.a, key: 'scenario-a-late', readings: A_LATE });
  expect(await mergeStaged(client)).toMatchObject({ batches: 1, accepted: 288, duplicates: 30 });
  expect(await dirtyHourCount(client)).toBe(24);
  snapshots.push(await checkReads(client, A_READINGS));

  await refreshGlucoseAggregates(client);
  expect(await dirtyHourCount(client)).toBe(0);
  snapshots.push(await checkReads(client, A_READINGS));

  // Deleting a reading logs its hour; reads take that hour from raw rows again.
  const deleted = A_READINGS[500]!;
  await client.query('delete from cbg_readings where patient_id = $1 and time = $2', [
    SCENARIO.a.patientId,
    new Date(deleted.timeMs),
  ]);
  expect(await dirtyHourCount(client)).toBe(1);
  snapshots.push(
    await checkReads(
      client,
      A_READINGS.filter((reading) => reading !== deleted),
    ),
  );
  return snapshots;
}

async function dirtyHourCount(client: SqlClient): Promise<number> {
  const result = await client.query(
    'select count(distinct (patient_id, bucket)) as n from glucose_dirty_hours',
  );
  return Number((result.rows[0] as { n: string | number }).n);
}

/** Read everything as the clinician and compare it with the domain's metrics of `storedA`. */
async function checkReads(
  client: SqlClient,
  storedA: readonly TestReading[],
): Promise<ScenarioSnapshot> {
  const clinician = { role: 'clinician' as const, userId: SCENARIO.clinicianId };
  const snapshot = await asUser(client, clinician, async () => ({
    statisticsA: await readGlucoseStatistics(
      client,
      SCENARIO.a.patientId,
      new Date(A_PERIOD.fromMs),
      new Date(A_PERIOD.toMs),
    ),
    statisticsB: await readGlucoseStatistics(
      client,
      SCENARIO.b.patientId,
      new Date(B_PERIOD.fromMs),
      new Date(B_PERIOD.toMs),
    ),
    localDaysWithData: {
      a: (
        await readGlucoseStatistics(
          client,
          SCENARIO.a.patientId,
          new Date(A_PERIOD.fromMs),
          new Date(A_PERIOD.toMs),
          { timezone: SCENARIO.a.timezone },
        )
      ).sufficiency.daysWithData,
      b: (
        await readGlucoseStatistics(
          client,
          SCENARIO.b.patientId,
          new Date(B_PERIOD.fromMs),
          new Date(B_PERIOD.toMs),
          { timezone: SCENARIO.b.timezone },
        )
      ).sufficiency.daysWithData,
    },
    agpA: await readAgp(
      client,
      SCENARIO.a.patientId,
      new Date(A_PERIOD.fromMs),
      new Date(A_PERIOD.toMs),
    ),
    agpB: await readAgp(
      client,
      SCENARIO.b.patientId,
      new Date(B_PERIOD.fromMs),
      new Date(B_PERIOD.toMs),
    ),
    triage: (await readClinicTriage(client, 14)).map((row) => ({
      patientId: row.patientId,
      statistics: row.statistics,
      lastReadingTime: row.lastReadingTime,
    })),
  }));
  await asUser(client, clinician, () =>
    checkEdgePeriods(
      client,
      { patientId: SCENARIO.a.patientId, startMs: A_START, sampleIntervalMinutes: 5 },
      storedA,
    ),
  );

  expectStatisticsClose(
    snapshot.statisticsA,
    computeGlucoseStatistics(storedA, { ...A_PERIOD, sampleIntervalMinutes: 5 }),
  );
  expectStatisticsClose(
    snapshot.statisticsB,
    computeGlucoseStatistics(B_READINGS, { ...B_PERIOD, sampleIntervalMinutes: 15 }),
  );
  // Calendar days in the patients' zones, as the reports count them.
  expect(snapshot.localDaysWithData.a).toBe(
    computeGlucoseStatistics(storedA, {
      ...A_PERIOD,
      sampleIntervalMinutes: 5,
      timezone: SCENARIO.a.timezone,
    }).sufficiency.daysWithData,
  );
  // 29 March 00:00 to 1 April 00:00 UTC is 05:30 on 29 March to 05:30 on 1 April in
  // Kolkata: 3 UTC days, 4 local days.
  expect(snapshot.localDaysWithData.b).toBe(4);
  expectAgpClose(
    snapshot.agpA,
    computeAgp(storedA, { ...A_PERIOD, timezone: SCENARIO.a.timezone }),
  );
  expectAgpClose(
    snapshot.agpB,
    computeAgp(B_READINGS, { ...B_PERIOD, timezone: SCENARIO.b.timezone }),
  );

  // The triage period is the 14 days up to 1 ms after each patient's last reading.
  const lastA = Math.max(...storedA.map((reading) => reading.timeMs));
  const triageA = snapshot.triage.find((row) => row.patientId === SCENARIO.a.patientId)!;
  expect(triageA.lastReadingTime?.getTime()).toBe(lastA);
  expectStatisticsClose(
    triageA.statistics,
    computeGlucoseStatistics(storedA, {
      fromMs: lastA + 1 - 14 * DAY_MS,
      toMs: lastA + 1,
      sampleIntervalMinutes: 5,
    }),
  );
  const lastB = Math.max(...B_READINGS.map((reading) => reading.timeMs));
  const triageB = snapshot.triage.find((row) => row.patientId === SCENARIO.b.patientId)!;
  expect(triageB.lastReadingTime?.getTime()).toBe(lastB);
  expectStatisticsClose(
    triageB.statistics,
    computeGlucoseStatistics(B_READINGS, {
      fromMs: lastB + 1 - 14 * DAY_MS,
      toMs: lastB + 1,
      sampleIntervalMinutes: 15,
    }),
  );
  expect(snapshot.triage.map((row) => row.patientId).sort()).toEqual([
    SCENARIO.a.patientId,
    SCENARIO.b.patientId,
  ]);
  return snapshot;
}
