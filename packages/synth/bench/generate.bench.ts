/**
 * Benchmark of patient generation: `npx tsx packages/synth/bench/generate.bench.ts
 * [--patients 1000] [--days 90] [--workers N] [--profile ID]`. It generates the full canonical
 * record stream (identity hashes included) of every patient, profiles in turn unless one is
 * named, in N worker threads (by default the machine's available parallelism). It prints
 * readings and records per second, elapsed time, peak resident memory and the CPU time of all
 * threads, which shows how much other processes slowed the run. Not a test: nothing is
 * asserted.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '1000' },
    days: { type: 'string', default: '90' },
    workers: { type: 'string', default: String(availableParallelism()) },
    profile: { type: 'string' },
    seed: { type: 'string', default: 'bench' },
  },
});
const patients = Number(values.patients);
const days = Number(values.days);
const workers = Math.max(1, Math.min(Number(values.workers), patients));

interface WorkerResult {
  readings: number;
  records: number;
  peakHeapBytes: number;
}

function runWorker(first: number, count: number): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: {
        module: new URL('./generate-worker.ts', import.meta.url).href,
        task: { first, count, days, seed: values.seed, profile: values.profile ?? null },
      },
    });
    worker.once('message', (result: WorkerResult) => resolve(result));
    worker.once('error', reject);
  });
}

const startedMs = performance.now();
const startedCpu = process.cpuUsage();
const shares: Promise<WorkerResult>[] = [];
let first = 0;
for (let i = 0; i < workers; i += 1) {
  const count = Math.floor(patients / workers) + (i < patients % workers ? 1 : 0);
  shares.push(runWorker(first, count));
  first += count;
}
const results = await Promise.all(shares);
const seconds = (performance.now() - startedMs) / 1000;
// process.cpuUsage covers every thread of the process, so this is the workers' CPU time.
const cpu = process.cpuUsage(startedCpu);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const readings = results.reduce((sum, result) => sum + result.readings, 0);
const records = results.reduce((sum, result) => sum + result.records, 0);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const peakHeapMb = Math.max(...results.map((result) => result.peakHeapBytes)) / 1048576;

console.log(`patients ${patients} × ${days} days in ${workers} worker(s): ${seconds.toFixed(1)} s`);
console.log(`CGM readings ${readings} (${Math.round(readings / seconds)} per second)`);
console.log(`records ${records} (${Math.round(records / seconds)} per second)`);
console.log(`peak RSS ${peakRssMb.toFixed(0)} MB, peak worker heap ${peakHeapMb.toFixed(0)} MB`);
console.log(
  `CPU time ${cpuSeconds.toFixed(1)} s over all threads (${((1000 * cpuSeconds) / patients).toFixed(0)} ms ` +
    `per patient); elapsed time over CPU time per worker: ${((seconds * workers) / cpuSeconds).toFixed(2)}, ` +
    'above 1 when other processes share the cores',
);
