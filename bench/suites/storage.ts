import pg from 'pg';
import { refreshGlucoseAggregates, type SqlClient } from '@phoenix/db';
import { startTestEngine, type TestEngine } from '../../packages/db/test/timescale-engine.ts';
import type { BenchCase, BenchSuite } from '../harness/types.ts';
import { startBenchDatabase, type BenchDatabase } from '../storage/database.ts';
import { createBenchPatients, createWeeks, insertBenchReadings } from '../storage/population.ts';

/** Patients × days of 5-minute data in each mode; PGlite in WebAssembly is the slower one. */
const PLAIN_PATIENTS = 20;
const TIMESCALE_PATIENTS = 5;
const DAYS = 90;
const START = new Date(Date.UTC(2025, 0, 6));

let database: BenchDatabase | null = null;
let owner: pg.Client | null = null;
let engine: TestEngine | null = null;

/** Sizes measured in setup, for the input column. */
const sizes = { plain: '', timescale: '' };

/**
 * Storage per reading in each mode, and the work that keeps it: the rollup refresh in plain
 * mode and chunk compression in TimescaleDB mode.
 */
const storageSuite: BenchSuite = {
  name: 'storage',
  description:
    `Bytes per CGM reading (table, TOAST and indexes, divided by the readings) for ${DAYS} days ` +
    'of 5-minute data: plain mode on an embedded PostgreSQL 17 with ' +
    `${PLAIN_PATIENTS} patients, TimescaleDB mode on the PGlite engine (PostgreSQL 17.5 in ` +
    `WebAssembly with TimescaleDB 2.23.0-dev) with ${TIMESCALE_PATIENTS} patients, before and ` +
    'after compressing every chunk. The aggregates are the hourly and daily tables (plain) or ' +
    'continuous aggregates (TimescaleDB), uncompressed. Timed: recomputing every hourly and ' +
    'daily rollup in plain mode, and decompressing and compressing every chunk on PGlite, each ' +
    'beside a count(*) over the same readings.',

  async setup(context) {
    database = await startBenchDatabase(context.log);
    owner = new pg.Client({ connectionString: database.adminUrl });
    await owner.connect();
    await populate(owner, PLAIN_PATIENTS);
    await refreshAll(owner);
    sizes.plain = await plainSizes(owner);
    context.log(`plain mode: ${sizes.plain}`);

    context.log('starting PGlite with TimescaleDB and applying the migrations');
    engine = await startTestEngine({ timescale: true });
    await populate(engine.client, TIMESCALE_PATIENTS);
    await refreshAll(engine.client);
    const before = await timescaleBytes(engine.client);
    await engine.client.query("select compress_chunk(c) from show_chunks('cbg_readings') c");
    const after = await timescaleBytes(engine.client);
    sizes.timescale =
      `${before.perReading.toFixed(0)} bytes per reading uncompressed, ` +
      `${after.perReading.toFixed(0)} compressed; aggregates ${after.aggregatesPerReading.toFixed(0)}`;
    context.log(`TimescaleDB mode: ${sizes.timescale}`);

    const plainClient = owner;
    const pglite = engine.client;
    const plainReadings = PLAIN_PATIENTS * DAYS * 288;
    const timescaleReadings = TIMESCALE_PATIENTS * DAYS * 288;
    const cases: BenchCase[] = [
      {
        name: 'plain: recompute every rollup',
        units: plainReadings,
        unit: 'readings',
        get input() {
          return sizes.plain;
        },
        run: async () => {
          await plainClient.query(
            'insert into glucose_dirty_hours (patient_id, bucket) select patient_id, bucket from glucose_hourly',
          );
          await refreshAll(plainClient);
        },
        baseline: {
          kind: 'measured',
          name: 'count(*) of the readings',
          run: () => plainClient.query('select count(*) from cbg_readings'),
        },
      },
      {
        name: 'TimescaleDB (PGlite): decompress and compress every chunk',
        units: timescaleReadings,
        unit: 'readings',
        get input() {
          return sizes.timescale;
        },
        run: async () => {
          await pglite.query("select decompress_chunk(c) from show_chunks('cbg_readings') c");
          await pglite.query("select compress_chunk(c) from show_chunks('cbg_readings') c");
        },
        baseline: {
          kind: 'measured',
          name: 'count(*) of the readings',
          run: () => pglite.query('select count(*) from cbg_readings'),
        },
      },
    ];
    return cases;
  },

  async teardown() {
    await engine?.close();
    await owner?.end();
    await database?.stop();
    engine = null;
    owner = null;
    database = null;
  },
};

export default storageSuite;

async function populate(client: SqlClient, patients: number): Promise<void> {
  await createBenchPatients(client, patients);
  await createWeeks(client, START, DAYS + 7);
  await insertBenchReadings(client, { first: 1, last: patients, start: START, days: DAYS });
}

async function refreshAll(client: SqlClient): Promise<void> {
  for (;;) {
    const refreshed = await refreshGlucoseAggregates(client, 50_000);
    if (refreshed.entries === 0) return;
  }
}

async function plainSizes(client: pg.Client): Promise<string> {
  const result = await client.query(`
    select
      (select sum(pg_total_relation_size(i.inhrelid)) from pg_inherits i
       where i.inhparent = 'cbg_readings'::regclass) as readings_bytes,
      pg_total_relation_size('glucose_hourly') + pg_total_relation_size('glucose_daily')
        as aggregate_bytes,
      (select count(*) from cbg_readings) as readings`);
  const row = result.rows[0] as {
    readings_bytes: string;
    aggregate_bytes: string;
    readings: string;
  };
  const readings = Number(row.readings);
  return (
    `${(Number(row.readings_bytes) / readings).toFixed(0)} bytes per reading; ` +
    `aggregates ${(Number(row.aggregate_bytes) / readings).toFixed(0)}`
  );
}

async function timescaleBytes(
  client: SqlClient,
): Promise<{ perReading: number; aggregatesPerReading: number }> {
  const result = await client.query(`
    select (select total_bytes from hypertable_detailed_size('cbg_readings')) as readings_bytes,
      (select sum(total_bytes) from timescaledb_information.continuous_aggregates c,
         hypertable_detailed_size(format('%I.%I', c.materialization_hypertable_schema,
           c.materialization_hypertable_name)::regclass)) as aggregate_bytes,
      (select count(*) from cbg_readings) as readings`);
  const row = result.rows[0] as {
    readings_bytes: number;
    aggregate_bytes: number;
    readings: number;
  };
  const readings = Number(row.readings);
  return {
    perReading: Number(row.readings_bytes) / readings,
    aggregatesPerReading: Number(row.aggregate_bytes) / readings,
  };
}
