import { parentPort, workerData } from 'node:worker_threads';
import { cohortPatientSeed, generatePatient } from '../src/generate.ts';
import { PROFILES } from '../src/profiles/index.ts';

/** Work of one benchmark worker: patients `first` to `first + count - 1`. */
interface BenchTask {
  first: number;
  count: number;
  days: number;
  seed: string;
  profile: string | null;
}

const task = workerData.task as BenchTask;
let readings = 0;
let records = 0;
let peakHeapBytes = 0;
for (let index = task.first; index < task.first + task.count; index += 1) {
  const profile =
    task.profile === null
      ? PROFILES[index % PROFILES.length]!
      : PROFILES.find((candidate) => candidate.id === task.profile)!;
  const generated = generatePatient({
    profile,
    seed: cohortPatientSeed(task.seed, index),
    days: task.days,
  });
  for (const batch of generated.days) {
    records += batch.records.length;
    for (const record of batch.records) {
      if (record.type === 'cbg') {
        readings += 1;
      }
    }
  }
  peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
}
parentPort!.postMessage({ readings, records, peakHeapBytes });
