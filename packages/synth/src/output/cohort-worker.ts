import { parentPort, workerData } from 'node:worker_threads';
import { writePatientFiles, type CohortSpec } from './write-patient.ts';

/**
 * Worker thread of `writePatientsInWorkers`: each message is a patient index, and the reply is
 * the `WrittenPatient` once that patient's files are written. An error ends the thread, and
 * the main thread receives it as the worker's `error` event.
 */
const spec = (workerData as { spec: CohortSpec }).spec;
const port = parentPort;
if (port === null) {
  throw new Error(
    'cohort-worker.ts must run in a worker thread started by writePatientsInWorkers.',
  );
}
port.on('message', (index: number) => {
  port.postMessage(writePatientFiles(spec, index));
});
