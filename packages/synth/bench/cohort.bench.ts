/**
 * Benchmark of cohort generation through `writeCohortFiles`, the path of the `phoenix-synth`
 * command line:
 *
 *   npx tsx packages/synth/bench/cohort.bench.ts [--profile dclp3-control-iq] [--patients 1000]
 *     [--days 90] [--workers N] [--format dexcom-clarity | none] [--out DIR] [--json]
 *
 * It generates every patient's canonical records, identity hashes included, in N worker threads
 * (by default the machine's available parallelism) and writes the files of `--format` into
 * `--out`, or into a temporary directory that is removed afterwards. `--format none` writes
 * only the manifest, which measures generation alone. It prints readings per second, elapsed
 * and CPU time and peak resident memory; `--json` prints them as one JSON object instead, for
 * `bench/suites/synth.ts`. Not a test: nothing is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getProfile, writeCohortFiles } from '../src/index.ts';

/** Measurements of one run, which `bench/suites/synth.ts` reads. */
export interface CohortBenchResult {
  profile: string;
  patients: number;
  days: number;
  workers: number;
  formats: string[];
  readings: number;
  records: number;
  files: number;
  seconds: number;
  /** CPU time of every thread of the process, seconds. */
  cpuSeconds: number;
  /** Peak resident memory of the process, all threads together, bytes. */
  peakRssBytes: number;
}

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'dclp3-control-iq' },
    patients: { type: 'string', default: '1000' },
    days: { type: 'string', default: '90' },
    workers: { type: 'string', default: String(availableParallelism()) },
    format: { type: 'string', default: 'dexcom-clarity' },
    seed: { type: 'string', default: 'bench' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const formats = values.format === 'none' ? [] : values.format.split(',');
const outDir = values.out ?? mkdtempSync(join(tmpdir(), 'phoenix-synth-bench-'));

const startedMs = performance.now();
const startedCpu = process.cpuUsage();
try {
  const written = await writeCohortFiles({
    profile: getProfile(values.profile),
    patients: Number(values.patients),
    days: Number(values.days),
    seed: values.seed,
    formats,
    outDir,
    workers: Number(values.workers),
  });
  const cpu = process.cpuUsage(startedCpu);
  const result: CohortBenchResult = {
    profile: values.profile,
    patients: written.patients,
    days: Number(values.days),
    workers: Math.min(Number(values.workers), written.patients),
    formats,
    readings: written.readings,
    records: written.records,
    files: written.files,
    seconds: (performance.now() - startedMs) / 1000,
    // process.cpuUsage covers every thread of the process, the workers included.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    // maxRSS is in kilobytes.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : describe(result));
} finally {
  if (values.out === undefined) {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function describe(result: CohortBenchResult): string {
  const perSecond = Math.round(result.readings / result.seconds).toLocaleString('en-US');
  const files = result.formats.length === 0 ? 'no files' : result.formats.join(', ');
  return (
    `${result.profile}: ${result.patients} patients × ${result.days} days (${files}) in ` +
    `${result.workers} worker(s): ${result.seconds.toFixed(1)} s\n` +
    `CGM readings ${result.readings.toLocaleString('en-US')} (${perSecond} per second), ` +
    `records ${result.records.toLocaleString('en-US')}\n` +
    `CPU time ${result.cpuSeconds.toFixed(1)} s over all threads, ` +
    `peak RSS ${Math.round(result.peakRssBytes / 1048576)} MB\n`
  );
}
