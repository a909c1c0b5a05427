import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { identityHash, type CanonicalRecord } from '@phoenix/domain';
import { generatePatient, getProfile, writePatientExport } from '@phoenix/synth';
import type { CohortBenchResult } from '../../packages/synth/bench/cohort.bench.ts';
import type { BenchCase, BenchSuite } from '../harness/types.ts';

/** Days per generated patient: long enough to cover sensor changes, short enough for repeats. */
const DAYS = 7;

/**
 * Size of the cohort case; PHOENIX_BENCH_SYNTH_PATIENTS and PHOENIX_BENCH_SYNTH_DAYS change it.
 * An invalid value fails the suite in `setup`, not the loading of every suite.
 */
const COHORT_PATIENTS = sizeFromEnvironment('PHOENIX_BENCH_SYNTH_PATIENTS', 1000);
const COHORT_DAYS = sizeFromEnvironment('PHOENIX_BENCH_SYNTH_DAYS', 90);
/** A closed-loop profile, so the cohort has the pump's basal records besides the readings. */
const COHORT_PROFILE = 'dclp3-control-iq';
/** The baseline generates this share of the cohort's patients in one worker thread. */
const BASELINE_SHARE = 20;
const COHORT_SCRIPT = fileURLToPath(
  new URL('../../packages/synth/bench/cohort.bench.ts', import.meta.url),
);
const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function generate(profileId: string, seed: string): CanonicalRecord[] {
  const records: CanonicalRecord[] = [];
  for (const batch of generatePatient({ profile: getProfile(profileId), seed, days: DAYS }).days) {
    records.push(...batch.records);
  }
  return records;
}

/**
 * Generation of synthetic patients (physiology, devices, behaviour and canonical records with
 * identity hashes) in CGM readings per second, beside hashing the same readings' identities
 * alone; writing a Dexcom Clarity export beside `JSON.stringify` of the same records; and a
 * whole cohort in worker threads beside one worker thread.
 */
const synthSuite: BenchSuite = {
  name: 'synth',
  description:
    `Synthetic patient generation (packages/synth): one patient of ${DAYS} days per run, every ` +
    'record built with its identity hash, measured in CGM readings per second; baseline: ' +
    '`identityHash` of the same readings alone. Then the Dexcom Clarity writer over one ' +
    "patient's records; baseline: `JSON.stringify` of the same records. Last, a cohort of " +
    `${String(COHORT_PATIENTS)} ${COHORT_PROFILE} patients × ${String(COHORT_DAYS)} days ` +
    'through `writeCohortFiles` in a child process (the path of `phoenix-synth`), canonical ' +
    'records only: every record is generated with its identity hash, and no export file is ' +
    'written. Its time includes starting Node.js and the worker threads. Baseline: 1 worker ' +
    `thread generating one patient in ${BASELINE_SHARE}, so the ratio is the speed-up of the ` +
    'worker pool; peak RSS is that of the whole child process.',

  setup(context) {
    for (const size of [COHORT_PATIENTS, COHORT_DAYS]) {
      if (size instanceof RangeError) {
        throw size;
      }
    }
    const cases: BenchCase[] = [];
    for (const profileId of ['t1dexi-mdi', 'dclp3-control-iq']) {
      const records = generate(profileId, 'bench');
      const readings = records.filter((record) => record.type === 'cbg');
      context.log(`${profileId}: ${readings.length} readings, ${records.length} records`);
      cases.push({
        name: `generate ${profileId}`,
        units: readings.length,
        unit: 'readings',
        input: `${DAYS} days, ${readings.length.toLocaleString('en-US')} readings, ${records.length.toLocaleString('en-US')} records`,
        run: () => generate(profileId, 'bench').length,
        baseline: {
          kind: 'measured',
          name: 'identityHash of the readings',
          run: () => readings.map((reading) => identityHash(reading)).length,
        },
      });
    }
    const records = generate('t1dexi-mdi', 'bench');
    const written = writePatientExport('dexcom-clarity', records, { baseName: 'bench' });
    const rows = written?.records.length ?? 0;
    cases.push({
      name: 'write dexcom-clarity',
      units: rows,
      unit: 'records',
      input: `${rows.toLocaleString('en-US')} records of one t1dexi-mdi patient`,
      run: () => writePatientExport('dexcom-clarity', records, { baseName: 'bench' })?.fileName,
      baseline: {
        kind: 'measured',
        name: 'JSON.stringify of the records',
        run: () => JSON.stringify(written?.records ?? []).length,
      },
    });
    cases.push(cohortCase(Number(COHORT_PATIENTS), Number(COHORT_DAYS), context.log));
    return cases;
  },
};

export default synthSuite;

/**
 * Returns the cohort case. Readings are known only after a run, so `units` and `input` read
 * the last run's result. Every run of one size gives the same readings, because the seed is
 * fixed.
 */
function cohortCase(patients: number, days: number, log: (message: string) => void): BenchCase {
  const workers = availableParallelism();
  const baselinePatients = Math.max(1, Math.round(patients / BASELINE_SHARE));
  const plural = baselinePatients === 1 ? '' : 's';
  const baselineSize = `${baselinePatients.toLocaleString('en-US')} patient${plural}`;
  let cohort: CohortBenchResult | null = null;
  let single: CohortBenchResult | null = null;
  return {
    name: `cohort, ${workers} worker threads`,
    unit: 'readings',
    get units() {
      return cohort?.readings ?? 0;
    },
    get input() {
      return describeCohort(
        `${patients.toLocaleString('en-US')} patients × ${days} days`,
        cohort,
        single,
      );
    },
    run: async () => {
      cohort = await runCohort(patients, days, workers);
      log(`cohort: ${cohort.seconds.toFixed(1)} s in the child process`);
      return cohort.readings;
    },
    baseline: {
      kind: 'measured',
      name: `1 worker thread, ${baselineSize}`,
      get units() {
        return single?.readings ?? 0;
      },
      run: async () => {
        single = await runCohort(baselinePatients, days, 1);
        return single.readings;
      },
    },
    // One run of the full cohort takes one to three minutes, so it runs once. It needs no
    // warm-up, because each run starts a new child process with no JIT state to warm.
    runs: { warmups: 0, minRuns: 1 },
  };
}

function describeCohort(
  size: string,
  cohort: CohortBenchResult | null,
  single: CohortBenchResult | null,
): string {
  if (cohort === null || single === null) {
    return `${size}, not run`;
  }
  const megabytes = (bytes: number): string => `${Math.round(bytes / 1048576)} MB`;
  return (
    `${size}, ${cohort.readings.toLocaleString('en-US')} readings, ` +
    `${cohort.records.toLocaleString('en-US')} records; one timed run without warm-up, ` +
    `${cohort.seconds.toFixed(1)} s ` +
    `in the child, CPU ${cohort.cpuSeconds.toFixed(0)} s, ` +
    `peak RSS ${megabytes(cohort.peakRssBytes)} (baseline ${megabytes(single.peakRssBytes)})`
  );
}

/** Generates a cohort in a child process and returns what it measured. */
function runCohort(patients: number, days: number, workers: number): Promise<CohortBenchResult> {
  const args = [
    '--import',
    'tsx',
    COHORT_SCRIPT,
    '--json',
    '--format',
    'none',
    '--profile',
    COHORT_PROFILE,
    '--patients',
    String(patients),
    '--days',
    String(days),
    '--workers',
    String(workers),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`cohort.bench.ts exited with code ${code}: ${stderr.trim().slice(-500)}`));
        return;
      }
      resolve(JSON.parse(stdout) as CohortBenchResult);
    });
  });
}

function sizeFromEnvironment(name: string, fallback: number): number | RangeError {
  const text = process.env[name];
  if (text === undefined || text === '') {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    return new RangeError(`Invalid ${name} "${text}": expected a whole number of at least 1.`);
  }
  return value;
}
