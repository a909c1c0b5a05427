/**
 * The full-dataset lane in plain storage mode: 90 days of a synthetic cohort written as vendor
 * exports, read and uploaded by paired bridges through the API into the embedded PostgreSQL,
 * merged and aggregated as the API's jobs do. Then the dashboard's queries, asked over HTTP as
 * the clinic's clinician, must equal the metrics recomputed from the records in the files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as bridgeMain } from '@phoenix/bridge';
import {
  computeAgp,
  computeGlucoseStatistics,
  type AmbulatoryGlucoseProfile,
  type GlucoseStatistics,
} from '@phoenix/domain';
import { createPool, drainStaging, refreshGlucoseAggregates } from '@phoenix/db';
import { buildApp } from '../../apps/api/src/app.ts';
import { createTestPatient } from '../../packages/db/src/storage-test-support.ts';
import { createTestDatabase, type TestDatabase } from '../../packages/db/test/database.ts';
import {
  buildCohort,
  checkedPeriods,
  COHORT_CLINIC,
  lastReadingMs,
  samplesIn,
  utcOffsetMinutes,
  type CohortPatient,
} from './cohort.ts';
import { expectAgpClose, expectStatisticsClose } from './compare.ts';

const DAY_MS = 86_400_000;

const workDir = mkdtempSync(join(tmpdir(), 'phoenix-full-plain-'));
const cohort = await buildCohort(join(workDir, 'exports'));

let db: TestDatabase;
let owner: pg.Client;
let pool: pg.Pool;
let app: FastifyInstance;
let apiUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = new pg.Client({ connectionString: db.adminUrl });
  await owner.connect();
  for (const patient of cohort) {
    await createTestPatient(owner, { ...patient, ...COHORT_CLINIC });
  }
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false });
  apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  for (const patient of cohort) await uploadThroughBridge(patient);
  await drainStaging(owner);
  while ((await refreshGlucoseAggregates(owner)).entries > 0) {
    // Each call refreshes a bounded number of hours; repeat until none is left.
  }
}, 600_000);

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await owner?.end();
  await db?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

/** Pair a bridge for the patient, as the patient does on the dashboard, and upload each file. */
async function uploadThroughBridge(patient: CohortPatient): Promise<void> {
  const created = await app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patient.patientId}/pairing-codes`,
    headers: { 'x-dev-user': patient.userId },
  });
  expect(created.statusCode, created.body).toBe(201);

  const state = join(workDir, 'bridges', patient.patientId);
  const output: string[] = [];
  const io = { out: (text: string) => output.push(text), err: (text: string) => output.push(text) };
  const pairArgs = ['pair', '--code', created.json().code, '--api', apiUrl, '--state', state];
  let paired = await bridgeMain(pairArgs, io);
  // The API allows 10 pairing attempts a minute from one address, and the lane pairs one
  // bridge per patient from this host, so the 11th waits for the time in the API's message.
  const wait = /retry in (\d+) seconds/.exec(output.join('\n'));
  if (paired !== 0 && wait !== null) {
    await new Promise((resolve) => setTimeout(resolve, (Number(wait[1]) + 1) * 1000));
    output.length = 0;
    paired = await bridgeMain(pairArgs, io);
  }
  expect(paired, output.join('\n')).toBe(0);

  for (const file of patient.files) {
    output.length = 0;
    const code = await bridgeMain(
      ['upload', file.path, '--state', state, '--timezone', patient.timezone],
      io,
    );
    const text = output.join('\n');
    // The bridge exits with 1 when the API rejected records, which the cohort expects.
    expect(code, `${file.path}\n${text}`).toBe(file.rejected > 0 ? 1 : 0);
    expect(text, file.path).toContain(`, ${file.rejected} rejected`);
  }
}

async function getAsClinician<T>(url: string): Promise<T> {
  const response = await app.inject({
    method: 'GET',
    url,
    headers: { 'x-dev-user': COHORT_CLINIC.clinicianId },
  });
  expect(response.statusCode, `${url}: ${response.body.slice(0, 500)}`).toBe(200);
  return response.json() as T;
}

function rangeQuery(period: { fromMs: number; toMs: number }): string {
  const from = new Date(period.fromMs).toISOString();
  const to = new Date(period.toMs).toISOString();
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

async function storedIds(table: 'cbg_readings' | 'device_records', patientId: string) {
  const result = await owner.query<{ id: string }>(
    // eslint-disable-next-line phoenix/no-sql-string-building -- table from the union type above
    `select encode(identity_hash, 'hex') as id from ${table} where patient_id = $1`,
    [patientId],
  );
  return result.rows.map((row) => row.id);
}

describe.each(cohort.map((patient) => [patient.profileId, patient] as const))(
  'cohort patient %s',
  (_profileId, patient) => {
    it('stores every CGM reading of its files once', async () => {
      const stored = await storedIds('cbg_readings', patient.patientId);
      expect(stored.length).toBe(new Set(stored).size);
      const missing = [...patient.readings.keys()].filter((id) => !stored.includes(id));
      const extra = stored.filter((id) => !patient.readings.has(id));
      expect(missing.map((id) => patient.readings.get(id)!.time)).toEqual([]);
      expect(extra).toEqual([]);
    });

    it('stores every other record of its files once', async () => {
      const stored = await storedIds('device_records', patient.patientId);
      expect(stored.length).toBe(new Set(stored).size);
      const missing = [...patient.otherRecords.values()].filter(
        (record) => !stored.includes(record.id),
      );
      expect(missing.map((record) => `${record.type} ${record.time}`)).toEqual([]);
      expect(stored.filter((id) => !patient.otherRecords.has(id))).toEqual([]);
    });

    it('reports statistics equal to a recount', async () => {
      for (const [name, period] of Object.entries(checkedPeriods(patient))) {
        const body = await getAsClinician<{ statistics: GlucoseStatistics }>(
          `/api/v1/patients/${patient.patientId}/statistics?${rangeQuery(period)}`,
        );
        const expected = computeGlucoseStatistics(samplesIn(patient, period.fromMs, period.toMs), {
          ...period,
          sampleIntervalMinutes: patient.cgmIntervalMinutes,
          timezone: patient.timezone,
        });
        expectStatisticsClose(body.statistics, expected, name);
      }
    });

    it('reports an AGP equal to a recount', async () => {
      for (const [name, period] of Object.entries(checkedPeriods(patient))) {
        const body = await getAsClinician<{ report: { agp: AmbulatoryGlucoseProfile } }>(
          `/api/v1/patients/${patient.patientId}/report?${rangeQuery(period)}`,
        );
        const expected = computeAgp(samplesIn(patient, period.fromMs, period.toMs), {
          ...period,
          timezone: patient.timezone,
        });
        expectAgpClose(body.report.agp, expected, name);
      }
    });

    it('returns every reading of 90 days in order', async () => {
      const period = checkedPeriods(patient).all!;
      const body = await getAsClinician<{
        readings: { time: string; valueMgDl: number | null; outOfRange: string | null }[];
      }>(`/api/v1/patients/${patient.patientId}/readings?${rangeQuery(period)}`);
      const expected = samplesIn(patient, period.fromMs, period.toMs).map((sample) => ({
        time: new Date(sample.timeMs).toISOString(),
        valueMgDl: sample.valueMgDl,
        outOfRange: sample.outOfRange,
      }));
      expect(
        body.readings.map(({ time, valueMgDl, outOfRange }) => ({ time, valueMgDl, outOfRange })),
      ).toEqual(expected);
    });

    it('exports 90 days of readings as CSV', async () => {
      const period = checkedPeriods(patient).all!;
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/patients/${patient.patientId}/readings.csv?${rangeQuery(period)}`,
        headers: { 'x-dev-user': COHORT_CLINIC.clinicianId },
      });
      expect(response.statusCode).toBe(200);
      const lines = response.body.split('\r\n');
      expect(lines.pop()).toBe('');
      expect(lines.shift()).toBe(
        'time_utc,local_time,utc_offset_minutes,glucose_mg_dl,glucose_mmol_l,out_of_range,threshold_mg_dl',
      );
      const expected = samplesIn(patient, period.fromMs, period.toMs).map((sample) => {
        const offset = utcOffsetMinutes(patient.timezone, sample.timeMs);
        const local = new Date(sample.timeMs + offset * 60_000).toISOString().slice(0, 19);
        const value = sample.valueMgDl === null ? '' : String(sample.valueMgDl);
        const mmol = sample.valueMgDl === null ? '' : (sample.valueMgDl / 18.01559).toFixed(1);
        const threshold = sample.thresholdMgDl === null ? '' : String(sample.thresholdMgDl);
        const time = new Date(sample.timeMs).toISOString();
        return [time, local, offset, value, mmol, sample.outOfRange ?? '', threshold].join(',');
      });
      expect(lines).toEqual(expected);
    });

    it('shows the day of the clock change completely', async () => {
      const period = checkedPeriods(patient).aroundClockChange!;
      const day = {
        fromMs: period.fromMs + 37 * 60_000,
        toMs: period.fromMs + 37 * 60_000 + 2 * DAY_MS,
      };
      const body = await getAsClinician<{
        readings: { time: string }[];
        records: { id?: string; time: string; type: string }[];
      }>(`/api/v1/patients/${patient.patientId}/daily?${rangeQuery(day)}`);
      expect(body.readings.map((reading) => reading.time)).toEqual(
        samplesIn(patient, day.fromMs, day.toMs).map((sample) =>
          new Date(sample.timeMs).toISOString(),
        ),
      );
      for (const record of body.records) {
        const time = Date.parse(record.time);
        expect(time).toBeGreaterThanOrEqual(day.fromMs);
        expect(time).toBeLessThan(day.toMs);
      }
    });
  },
);

describe('clinic triage', () => {
  it('lists every cohort patient with a recount of 14 days', async () => {
    const rows =
      await getAsClinician<
        { patientId: string; lastReadingTime: string; statistics: GlucoseStatistics }[]
      >('/api/v1/triage?days=14');
    expect(rows.map((row) => row.patientId).sort()).toEqual(
      cohort.map((patient) => patient.patientId).sort(),
    );
    for (const patient of cohort) {
      const row = rows.find((candidate) => candidate.patientId === patient.patientId)!;
      const last = lastReadingMs(patient);
      expect(Date.parse(row.lastReadingTime), patient.profileId).toBe(last);
      const period = { fromMs: last + 1 - 14 * DAY_MS, toMs: last + 1 };
      const expected = computeGlucoseStatistics(samplesIn(patient, period.fromMs, period.toMs), {
        ...period,
        sampleIntervalMinutes: patient.cgmIntervalMinutes,
      });
      expectStatisticsClose(row.statistics, expected, `${patient.profileId} triage`);
    }
  });
});
