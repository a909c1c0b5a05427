/**
 * The full-dataset lane in TimescaleDB mode, on the pinned PGlite engine with TimescaleDB. The
 * same cohort files are read by the bridge's reader and staged with the API's binary COPY rows
 * and SQL functions (see pglite-staging.ts). They are then merged, aggregated, and compressed
 * except for the last 14 days. The read functions the API uses must then equal the metrics recomputed from
 * the records in the files, over compressed and uncompressed chunks alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAgp, computeGlucoseStatistics } from '@phoenix/domain';
import {
  drainStaging,
  readAgp,
  readClinicTriage,
  readGlucoseStatistics,
  readStorageMode,
  refreshGlucoseAggregates,
} from '@phoenix/db';
import { asUser, createTestPatient } from '../../packages/db/src/storage-test-support.ts';
import { startTestEngine, type TestEngine } from '../../packages/db/test/timescale-engine.ts';
import {
  buildCohort,
  checkedPeriods,
  COHORT_CLINIC,
  COHORT_DAYS,
  lastReadingMs,
  samplesIn,
} from './cohort.ts';
import { expectAgpClose, expectStatisticsClose } from './compare.ts';
import { stageRecords } from './pglite-staging.ts';

const DAY_MS = 86_400_000;

const workDir = mkdtempSync(join(tmpdir(), 'phoenix-full-timescale-'));
const cohort = await buildCohort(join(workDir, 'exports'));
const clinician = { role: 'clinician' as const, userId: COHORT_CLINIC.clinicianId };

let engine: TestEngine;
let compressedChunks = 0;

beforeAll(async () => {
  engine = await startTestEngine({ timescale: true });
  for (const patient of cohort) {
    await createTestPatient(engine.client, { ...patient, ...COHORT_CLINIC });
    for (const file of patient.files) {
      // The cohort read the file as the bridge does and left out what the API rejects.
      await stageRecords(
        engine.db,
        patient,
        { format: file.format, fileName: basename(file.path) },
        file.records,
      );
    }
  }
  await drainStaging(engine.client);
  while ((await refreshGlucoseAggregates(engine.client)).entries > 0) {
    // Each call refreshes a bounded number of hours; repeat until none is left.
  }
  // Compress every chunk that ends before the cohort's last 14 days, as the compression
  // policy does with old chunks, so reads cover compressed and uncompressed chunks.
  const boundary = new Date(
    Math.min(...cohort.map((p) => p.startMs)) + (COHORT_DAYS - 14) * DAY_MS,
  );
  const compressed = await engine.db.query<{ chunk: string }>(
    `select compress_chunk(c, true)::text as chunk
     from show_chunks('cbg_readings', older_than => $1::timestamptz) c`,
    [boundary],
  );
  compressedChunks = compressed.rows.length;
}, 900_000);

afterAll(async () => {
  await engine?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('TimescaleDB mode with the cohort', () => {
  it('runs in TimescaleDB mode with compressed chunks', async () => {
    expect(await readStorageMode(engine.client)).toBe('timescaledb');
    // 90 days span 13 or 14 weekly chunks; all but the last two or three are compressed.
    expect(compressedChunks).toBeGreaterThanOrEqual(10);
  });

  it.each(cohort.map((patient) => [patient.profileId, patient] as const))(
    '%s: stores every CGM reading of its files once',
    async (_profileId, patient) => {
      const result = await engine.db.query<{ id: string }>(
        "select encode(identity_hash, 'hex') as id from cbg_readings where patient_id = $1",
        [patient.patientId],
      );
      const stored = new Set(result.rows.map((row) => row.id));
      expect(stored.size).toBe(result.rows.length);
      expect([...patient.readings.keys()].filter((id) => !stored.has(id))).toEqual([]);
      expect([...stored].filter((id) => !patient.readings.has(id))).toEqual([]);
    },
  );

  it.each(cohort.map((patient) => [patient.profileId, patient] as const))(
    '%s: statistics and AGP equal a recount',
    async (_profileId, patient) => {
      for (const [name, period] of Object.entries(checkedPeriods(patient))) {
        const from = new Date(period.fromMs);
        const to = new Date(period.toMs);
        const { statistics, agp } = await asUser(engine.client, clinician, async () => ({
          statistics: await readGlucoseStatistics(engine.client, patient.patientId, from, to),
          agp: await readAgp(engine.client, patient.patientId, from, to),
        }));
        const samples = samplesIn(patient, period.fromMs, period.toMs);
        expectStatisticsClose(
          statistics,
          computeGlucoseStatistics(samples, {
            ...period,
            sampleIntervalMinutes: patient.cgmIntervalMinutes,
          }),
          name,
        );
        expectAgpClose(agp, computeAgp(samples, { ...period, timezone: patient.timezone }), name);
      }
    },
  );

  it('triage equals a recount of 14 days', async () => {
    const rows = await asUser(engine.client, clinician, () => readClinicTriage(engine.client, 14));
    expect(rows.map((row) => row.patientId).sort()).toEqual(
      cohort.map((patient) => patient.patientId).sort(),
    );
    for (const patient of cohort) {
      const row = rows.find((candidate) => candidate.patientId === patient.patientId)!;
      const last = lastReadingMs(patient);
      expect(row.lastReadingTime?.getTime(), patient.profileId).toBe(last);
      const period = { fromMs: last + 1 - 14 * DAY_MS, toMs: last + 1 };
      expectStatisticsClose(
        row.statistics,
        computeGlucoseStatistics(samplesIn(patient, period.fromMs, period.toMs), {
          ...period,
          sampleIntervalMinutes: patient.cgmIntervalMinutes,
        }),
        `${patient.profileId} triage`,
      );
    }
  });
});
