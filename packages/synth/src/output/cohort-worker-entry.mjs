// Entry of the cohort's worker threads. A worker starts without the TypeScript loader that the
// main thread may have registered programmatically (as bin/phoenix-synth.mjs does), so it
// registers tsx itself and then imports the TypeScript module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
