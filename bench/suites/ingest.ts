import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  copyToStaging,
  createPool,
  mergeStaged,
  stageBatch,
  withCaller,
  type Caller,
} from '@phoenix/db';
import type { CbgRecord } from '@phoenix/domain';
import { bundleServer } from '../../scripts/bundle-server.mjs';
import type { BenchCase, BenchSuite } from '../harness/types.ts';
import { startBenchDatabase, type BenchDatabase } from '../storage/database.ts';
import {
  benchCbgRecords,
  benchPatient,
  createBenchPatients,
  createWeeks,
} from '../storage/population.ts';

const RECORDS = 100_000;
const BATCH = 10_000;
const HTTP_CLIENTS = 4;
const HTTP_BATCHES_PER_CLIENT = 2;
/**
 * Runs of the HTTP case. Its rounds vary by about ±8% on a 2-core machine, where the API, its
 * worker threads, PostgreSQL and the clients share the cores, so the median takes 15 runs. The
 * first rounds also compile the worker's code, hence two warm-up runs.
 */
const HTTP_RUNS = { warmups: 2, repeats: 15 };
const SINGLE_INSERTS = 5_000;
const START_MS = Date.UTC(2025, 0, 6);

let database: BenchDatabase | null = null;
let owner: pg.Client | null = null;
let apiPool: pg.Pool | null = null;
let api: ChildProcess | null = null;
let httpAgent: http.Agent | null = null;
let apiBundleDir: string | null = null;

/**
 * Ingest throughput against a binary COPY into a bare table (the ceiling): the API's staging
 * path in the database, uploads over HTTP, one-row INSERTs (the floor) and the merger.
 */
const ingestSuite: BenchSuite = {
  name: 'ingest',
  description:
    'Rows per second into an embedded PostgreSQL 17 in plain mode. Ceiling: binary COPY of ' +
    `${RECORDS.toLocaleString('en-US')} staging rows into a table without indexes; every other ` +
    'case is measured beside it, so its ratio is its share of the ceiling. The staging path is ' +
    "the API's database work for an upload (begin_upload, binary COPY into upload_staging, " +
    'stage_upload with its duplicate check against stored data) in batches of 10,000, with the ' +
    'count of distinct records and their time span taken while the rows are encoded; the HTTP ' +
    "case adds JSON parsing, validation and identity hashing on the API process's upload worker " +
    `thread, with ${HTTP_CLIENTS} clients ` +
    `sending ${HTTP_BATCHES_PER_CLIENT} batches of 10,000 each; the merge moves 100,000 staged ` +
    'readings into cbg_readings. The reference is text COPY into a plain table measured on the ' +
    'same kind of machine.',

  async setup(context) {
    database = await startBenchDatabase(context.log);
    owner = new pg.Client({ connectionString: database.adminUrl });
    await owner.connect();
    await owner.query('create table bench_bare (like upload_staging)');
    // One patient per HTTP client: the API limits uploads per caller and minute.
    await createBenchPatients(owner, HTTP_CLIENTS);
    await createWeeks(owner, new Date(START_MS), 370);
    apiPool = createPool(database.apiUrl, { max: 4 });

    context.log(`building ${RECORDS.toLocaleString('en-US')} records`);
    // Parsed from JSON, as the API receives them; objects built by spreading are slower to read.
    const records = JSON.parse(
      JSON.stringify(benchCbgRecords('dexcom-g6:BENCH1', START_MS, RECORDS)),
    ) as CbgRecord[];
    const indexed = records.map((record, index) => ({ index, record }));
    const ownerClient = owner;
    const patient = benchPatient(1);
    const caller: Caller = { role: 'patient', userId: patient.userId };

    const copyBare = async () => {
      await ownerClient.query('truncate bench_bare');
      await copyInto(ownerClient, 'bench_bare', indexed);
    };
    const ceiling = {
      kind: 'measured' as const,
      name: 'binary COPY into a bare table',
      run: copyBare,
      units: RECORDS,
    };
    const clearStaging = () =>
      ownerClient.query(
        "truncate upload_staging; update upload_batches set status = 'merged' where status = 'staged'",
      );

    let round = 0;
    const stagePath = async () => {
      round += 1;
      await clearStaging();
      for (let start = 0; start < RECORDS; start += BATCH) {
        const batch = indexed
          .slice(start, start + BATCH)
          .map(({ record }, index) => ({ index, record }));
        await withCaller(apiPool!, caller, (client) =>
          stageBatch(
            client,
            batchInfo(patient.patientId, `bench-stage-${round}-${start}`, batch.length),
            batch,
          ),
        );
      }
    };

    const server = await startApi(database.apiUrl, context.log);
    // Bodies are encoded once, and node:http sends them over kept-alive connections, so that
    // the clients, which share the machine with the API and PostgreSQL, do little work.
    const bodies = Array.from({ length: HTTP_CLIENTS * HTTP_BATCHES_PER_CLIENT }, (_, index) =>
      Buffer.from(
        JSON.stringify({
          source: { format: 'bench' },
          records: records.slice(index * BATCH, (index + 1) * BATCH),
        }),
      ),
    );
    const agent = new http.Agent({ keepAlive: true, maxSockets: HTTP_CLIENTS });
    httpAgent = agent;
    const httpUpload = async () => {
      round += 1;
      await clearStaging();
      await Promise.all(
        Array.from({ length: HTTP_CLIENTS }, async (_, client) => {
          for (let batch = 0; batch < HTTP_BATCHES_PER_CLIENT; batch += 1) {
            const body = bodies[client * HTTP_BATCHES_PER_CLIENT + batch]!;
            const key = `bench-http-${round}-${client}-${batch}`;
            await post(server.address, agent, benchPatient(client + 1), key, body);
          }
        }),
      );
    };

    const singleInserts = async () => {
      await ownerClient.query('begin');
      for (const { index, record } of indexed.slice(0, SINGLE_INSERTS)) {
        await ownerClient.query(
          `insert into bench_bare (batch_id, record_index, type, identity_hash, time, device_key,
             device_time, timezone_offset_min, clock_drift_offset_ms, conversion_offset_ms,
             time_resolution, value_mg_dl, source_format)
           values ($1, $2, 'cbg', decode($3, 'hex'), $4, $5, $6, 0, 0, 0, 'exact', $7, 'bench')`,
          [
            '00000000-0000-4000-c000-000000000001',
            index,
            record.id,
            record.time,
            record.deviceId,
            record.deviceTime,
            record.valueMgDl,
          ],
        );
      }
      await ownerClient.query('commit');
      await ownerClient.query('truncate bench_bare');
    };

    await owner.query('create table bench_staged (like upload_staging)');
    await copyInto(owner, 'bench_staged', indexed);
    const merge = async () => {
      await ownerClient.query('truncate cbg_readings, glucose_dirty_hours, upload_staging');
      const batch = await ownerClient.query(
        `insert into upload_batches (patient_id, idempotency_key, digest, record_count, status)
         values ($1, 'bench-merge-' || gen_random_uuid(), sha256(gen_random_uuid()::text::bytea), $2, 'staged')
         returning id`,
        [patient.patientId, RECORDS],
      );
      await ownerClient.query(
        `insert into upload_staging select $1, record_index, type, identity_hash, time, device_key,
           device_time, timezone_offset_min, clock_drift_offset_ms, conversion_offset_ms,
           time_resolution, value_mg_dl, out_of_range, threshold_mg_dl, rate_mg_dl_per_min, trend,
           transmitter_time_sec, source_format, source_line, payload
         from bench_staged`,
        [batch.rows[0].id],
      );
      return mergeStaged(ownerClient, RECORDS);
    };

    const cases: BenchCase[] = [
      {
        name: 'binary COPY into a bare table (ceiling)',
        units: RECORDS,
        unit: 'rows',
        input: `${RECORDS.toLocaleString('en-US')} cbg staging rows`,
        run: copyBare,
        baseline: {
          kind: 'reference',
          name: 'text COPY into a plain table',
          unitsPerSecond: 940_000,
          source: 'PostgreSQL 17.10, 2 cores, text COPY from Node.js (project design notes)',
        },
      },
      {
        name: 'staging path, batches of 10,000',
        units: RECORDS,
        unit: 'rows',
        input: `${RECORDS / BATCH} batches, one transaction each, as the patient role`,
        run: stagePath,
        baseline: ceiling,
      },
      {
        name: 'one-row INSERTs in one transaction (floor)',
        units: SINGLE_INSERTS,
        unit: 'rows',
        input: `${SINGLE_INSERTS.toLocaleString('en-US')} rows into the bare table`,
        run: singleInserts,
        baseline: ceiling,
      },
      {
        name: 'merge staged readings',
        units: RECORDS,
        unit: 'rows',
        input:
          'one staged batch of 100,000 readings into empty weekly partitions, server-side copy into staging included',
        run: merge,
        baseline: ceiling,
      },
      {
        name: `HTTP upload, ${HTTP_CLIENTS} clients`,
        units: HTTP_CLIENTS * HTTP_BATCHES_PER_CLIENT * BATCH,
        unit: 'rows',
        get input() {
          return (
            `${HTTP_CLIENTS} patients × ${HTTP_BATCHES_PER_CLIENT} batches of 10,000 records as JSON; ` +
            `${HTTP_RUNS.warmups} warm-up and ${HTTP_RUNS.repeats} timed runs; ` +
            `API peak RSS ${peakRssMegabytes(server.process)} MB`
          );
        },
        run: httpUpload,
        baseline: ceiling,
        runs: HTTP_RUNS,
      },
    ];
    return cases;
  },

  async teardown() {
    httpAgent?.destroy();
    httpAgent = null;
    api?.kill('SIGTERM');
    if (apiBundleDir) rmSync(apiBundleDir, { recursive: true, force: true });
    apiBundleDir = null;
    await apiPool?.end();
    await owner?.end();
    await database?.stop();
    api = null;
    apiPool = null;
    owner = null;
    database = null;
  },
};

export default ingestSuite;

function batchInfo(patientId: string, key: string, count: number) {
  return {
    patientId,
    idempotencyKey: key,
    digest: Buffer.alloc(32, count % 256),
    sourceFormat: 'bench',
    sourceFile: null,
    recordCount: count,
    rejectedCount: 0,
    rejections: [],
  };
}

/** COPY records into a table with the staging table's columns, as the API does. */
async function copyInto(
  client: pg.Client,
  table: string,
  records: readonly { index: number; record: CbgRecord }[],
): Promise<void> {
  await copyToStaging(client, '00000000-0000-4000-c000-000000000001', records, table);
}

async function startApi(apiUrl: string, log: (message: string) => void) {
  log('starting the API process');
  // Bundled and started as `npm start` runs the API, so that its memory is comparable.
  const script = fileURLToPath(new URL('../storage/api-server.ts', import.meta.url));
  apiBundleDir = mkdtempSync(join(tmpdir(), 'phoenix-bench-api-'));
  const bundle = join(apiBundleDir, 'api-server.mjs');
  await bundleServer(script, bundle);
  const flags = ['--max-semi-space-size=4', '--enable-source-maps'];
  const child = spawn(process.execPath, [...flags, bundle], {
    env: { ...process.env, PHOENIX_BENCH_API_URL: apiUrl, PHOENIX_DEV_LOGIN: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  api = child;
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the API process exited with ${code}`)));
  });
  return { process: child, address: (JSON.parse(line) as { address: string }).address };
}

/** POST one upload and raise unless the API stored it (201). */
async function post(
  address: string,
  agent: http.Agent,
  patient: { patientId: string; userId: string },
  key: string,
  body: Buffer,
): Promise<void> {
  const url = `${address}/api/v1/patients/${patient.patientId}/uploads`;
  const headers = {
    'content-type': 'application/json',
    'content-length': body.length,
    'idempotency-key': key,
    'x-dev-user': patient.userId,
  };
  const { status, text } = await new Promise<{ status: number; text: string }>(
    (resolve, reject) => {
      const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    },
  );
  if (status !== 201) {
    throw new Error(`upload ${key} failed with HTTP ${status}: ${text.slice(0, 200)}`);
  }
}

/** Peak resident memory of a process in MB (VmHWM of /proc; Linux only). */
function peakRssMegabytes(child: ChildProcess): string {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kilobytes = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kilobytes) ? (kilobytes / 1024).toFixed(0) : 'unknown';
  } catch {
    return 'unknown';
  }
}
