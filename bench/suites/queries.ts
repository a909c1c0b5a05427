import pg from 'pg';
import {
  computeAgp,
  computeGlucoseStatistics,
  inferSampleIntervalMinutes,
  type GlucoseSample,
} from '@phoenix/domain';
import {
  createPool,
  readAgp,
  readCbg,
  readClinicTriage,
  readGlucoseStatistics,
  refreshGlucoseAggregates,
  withCaller,
  type Caller,
} from '@phoenix/db';
import type { BenchCase, BenchSuite } from '../harness/types.ts';
import { percentile, startBenchDatabase, type BenchDatabase } from '../storage/database.ts';
import {
  BENCH_CLINICIAN_ID,
  benchPatient,
  createBenchPatients,
  createWeeks,
  insertBenchReadings,
} from '../storage/population.ts';

/** Patients and days of 5-minute data; PHOENIX_BENCH_PATIENTS and PHOENIX_BENCH_DAYS set them. */
const PATIENTS = Number(process.env.PHOENIX_BENCH_PATIENTS ?? 1000);
const DAYS = Number(process.env.PHOENIX_BENCH_DAYS ?? 90);
const START = new Date(Date.UTC(2025, 0, 6));
const END_MS = START.getTime() + DAYS * 86_400_000;
const DAY_MS = 86_400_000;
/** Queries per timed run of the one-patient cases. */
const QUERIES = 20;
/** Time zone of every bench patient (see createBenchPatients). */
const ZONE = 'Europe/Helsinki';

let database: BenchDatabase | null = null;
let pool: pg.Pool | null = null;
let ownerPool: pg.Pool | null = null;

const latencies = new Map<string, number[]>();

/** Time one query and keep its latency under `key`, for the p95 in the report. */
async function timed<T>(key: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  const list = latencies.get(key) ?? [];
  list.push(performance.now() - start);
  latencies.set(key, list);
  return result;
}

function p95(key: string): string {
  return `${percentile(latencies.get(key) ?? [], 95).toFixed(1)} ms`;
}

/** Returns the n-th query's patient, spread over the population and the same each run. */
function patientOf(n: number): string {
  return benchPatient(((n * 7919) % PATIENTS) + 1).patientId;
}

/**
 * Dashboard queries on a clinic's data, each beside the same result computed from raw rows as
 * the API did before the aggregates: readings through cbg_in_range, metrics in Node.js.
 */
const queriesSuite: BenchSuite = {
  name: 'queries',
  description:
    `Dashboard queries on ${PATIENTS.toLocaleString('en-US')} patients × ${DAYS} days of ` +
    `5-minute CGM data (${(PATIENTS * DAYS * 288).toLocaleString('en-US')} readings; ` +
    'PHOENIX_BENCH_PATIENTS and PHOENIX_BENCH_DAYS change the size), plain mode on an embedded ' +
    'PostgreSQL 17, as a clinician who may read every patient. Aggregates are refreshed except ' +
    "for each patient's last 2 hours, which reads take from raw rows. Each case is measured " +
    'beside the same answer from raw rows: readings fetched through cbg_in_range and metrics ' +
    'computed with the domain package, as the API computed them before. One-patient periods ' +
    'are 14 days ending at a time inside an hour, and statistics count days with data in ' +
    "the patients' zone (Europe/Helsinki) as the API does; the input column gives p95 latencies.",

  async setup(context) {
    database = await startBenchDatabase(context.log);
    const owner = new pg.Client({ connectionString: database.adminUrl });
    await owner.connect();
    try {
      await populate(owner, context.log);
    } finally {
      await owner.end();
    }
    pool = createPool(database.apiUrl, { max: 4 });
    ownerPool = createPool(database.adminUrl, { max: 2 });
    return buildCases(pool, ownerPool, { role: 'clinician', userId: BENCH_CLINICIAN_ID });
  },

  async teardown() {
    await pool?.end();
    await ownerPool?.end();
    await database?.stop();
    pool = null;
    ownerPool = null;
    database = null;
  },
};

export default queriesSuite;

async function populate(owner: pg.Client, log: (message: string) => void): Promise<void> {
  const started = Date.now();
  await createBenchPatients(owner, PATIENTS);
  await createWeeks(owner, START, DAYS + 7);
  const step = 50;
  for (let first = 1; first <= PATIENTS; first += step) {
    const last = Math.min(PATIENTS, first + step - 1);
    await insertBenchReadings(owner, { first, last, start: START, days: DAYS });
    log(`generated patients ${first}–${last} of ${PATIENTS}`);
  }
  await owner.query('analyze');
  log(
    `generated ${(PATIENTS * DAYS * 288).toLocaleString('en-US')} readings in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  const refreshStarted = Date.now();
  // Leave each patient's last 2 hours dirty, as between two runs of the refresh job.
  await owner.query('delete from glucose_dirty_hours where bucket >= $1', [
    new Date(END_MS - 2 * 3_600_000),
  ]);
  for (;;) {
    const refreshed = await refreshGlucoseAggregates(owner, 50_000);
    if (refreshed.entries === 0) break;
  }
  await owner.query(
    `insert into glucose_dirty_hours (patient_id, bucket)
     select p.id, $1::timestamptz + h * interval '1 hour' from patients p, generate_series(0, 1) h`,
    [new Date(END_MS - 2 * 3_600_000)],
  );
  await owner.query('analyze');
  log(`refreshed the aggregates in ${((Date.now() - refreshStarted) / 1000).toFixed(0)} s`);
}

function samplesOf(rows: Awaited<ReturnType<typeof readCbg>>): GlucoseSample[] {
  return rows.map((row) => ({ ...row, timeMs: row.time.getTime() }));
}

function buildCases(pool: pg.Pool, owner: pg.Pool, clinician: Caller): BenchCase[] {
  // 14 days ending 43 minutes into an hour, so both ends need raw rows.
  const to = new Date(END_MS - 3 * DAY_MS + 43 * 60_000);
  const from = new Date(to.getTime() - 14 * DAY_MS);
  const asClinician = <T>(work: (client: pg.PoolClient) => Promise<T>) =>
    withCaller(pool, clinician, work);

  const rawStatistics = (client: pg.PoolClient, patientId: string, timezone?: string) =>
    readCbg(client, patientId, from, to).then((rows) =>
      computeGlucoseStatistics(samplesOf(rows), {
        fromMs: from.getTime(),
        toMs: to.getTime(),
        sampleIntervalMinutes: inferSampleIntervalMinutes(rows.map((row) => row.time.getTime())),
        timezone,
      }),
    );

  const manyQueries =
    (key: string, query: (client: pg.PoolClient, patientId: string) => Promise<unknown>) =>
    async () => {
      for (let n = 0; n < QUERIES; n += 1) {
        await timed(key, () => asClinician((client) => query(client, patientOf(n))));
      }
    };

  const traceDay = new Date(END_MS - 5 * DAY_MS);
  return [
    {
      name: 'statistics, one patient, 14 days',
      units: QUERIES,
      unit: 'queries',
      get input() {
        return `p95 ${p95('statistics')} from aggregates, ${p95('statistics raw')} from raw rows`;
      },
      // Days with data in the patient's zone, as the statistics and report routes count them.
      run: manyQueries('statistics', (client, patientId) =>
        readGlucoseStatistics(client, patientId, from, to, { timezone: ZONE }),
      ),
      baseline: {
        kind: 'measured',
        name: 'raw rows + computeGlucoseStatistics',
        run: manyQueries('statistics raw', (client, patientId) =>
          rawStatistics(client, patientId, ZONE),
        ),
      },
    },
    {
      name: 'AGP, one patient, 14 days',
      units: QUERIES,
      unit: 'queries',
      get input() {
        return `p95 ${p95('agp')} from aggregates, ${p95('agp raw')} from raw rows`;
      },
      run: manyQueries('agp', (client, patientId) => readAgp(client, patientId, from, to)),
      baseline: {
        kind: 'measured',
        name: 'raw rows + computeAgp',
        run: manyQueries('agp raw', (client, patientId) =>
          readCbg(client, patientId, from, to).then((rows) =>
            computeAgp(samplesOf(rows), {
              fromMs: from.getTime(),
              toMs: to.getTime(),
              timezone: ZONE,
            }),
          ),
        ),
      },
    },
    {
      name: `clinic triage, ${PATIENTS} patients`,
      units: PATIENTS,
      unit: 'patients',
      get input() {
        return `14 days each; p95 ${p95('triage')} for the list from aggregates, ${p95('triage raw')} from raw rows`;
      },
      run: () => timed('triage', () => asClinician((client) => readClinicTriage(client, 14))),
      baseline: {
        kind: 'measured',
        name: 'raw rows + computeGlucoseStatistics per patient',
        run: () =>
          timed('triage raw', () =>
            asClinician(async (client) => {
              const results = [];
              for (let n = 1; n <= PATIENTS; n += 1) {
                results.push(await rawStatistics(client, benchPatient(n).patientId));
              }
              return results;
            }),
          ),
      },
    },
    {
      name: "one day's trace",
      units: QUERIES,
      unit: 'queries',
      get input() {
        return `288 readings; p95 ${p95('trace')} through cbg_in_range, ${p95('trace raw')} by direct SELECT`;
      },
      run: manyQueries('trace', (client, patientId) =>
        readCbg(client, patientId, traceDay, new Date(traceDay.getTime() + DAY_MS)),
      ),
      baseline: {
        kind: 'measured',
        name: 'direct SELECT as the owner, no rights check',
        run: async () => {
          for (let n = 0; n < QUERIES; n += 1) {
            await timed('trace raw', () =>
              owner.query(
                `select time, value_mg_dl, out_of_range, threshold_mg_dl from cbg_readings
                 where patient_id = $1 and time >= $2 and time < $3 order by time`,
                [patientOf(n), traceDay, new Date(traceDay.getTime() + DAY_MS)],
              ),
            );
          }
        },
      },
    },
  ];
}
