import { Worker } from 'node:worker_threads';
import type { CohortSpec, WrittenPatient } from './write-patient.ts';

const ENTRY = new URL('./cohort-worker-entry.mjs', import.meta.url);
const WORKER_MODULE = new URL('./cohort-worker.ts', import.meta.url).href;
/** Patients a worker may run ahead of the oldest unfinished one, per worker. */
const LOOKAHEAD_PER_WORKER = 4;

/** Hands results on in index order, holding those that arrive early. */
class InOrder {
  private readonly early = new Map<number, WrittenPatient>();

  constructor(
    /** The index expected next. */
    public next: number,
    private readonly onWritten: (patient: WrittenPatient) => void,
  ) {}

  /** Takes a result and hands on every result that is now next in line. */
  accept(patient: WrittenPatient): void {
    this.early.set(patient.index, patient);
    let ready = this.early.get(this.next);
    while (ready !== undefined) {
      this.early.delete(this.next);
      this.next += 1;
      this.onWritten(ready);
      ready = this.early.get(this.next);
    }
  }
}

/**
 * Writes patients `first` to `first + count - 1` of a cohort in `workers` worker threads
 * (at least 1), each patient on whichever thread is free, and calls `onWritten` for each in
 * index order. A thread runs at most a few patients ahead of the oldest unfinished one, so the
 * results held for ordering stay few. Resolves once every patient is written and the threads
 * have stopped. Rejects with the first error of a thread or of `onWritten`, after stopping the
 * threads, and patients in progress then may leave partial files.
 */
export function writePatientsInWorkers(
  spec: CohortSpec,
  first: number,
  count: number,
  workers: number,
  onWritten: (patient: WrittenPatient) => void,
): Promise<void> {
  const end = first + count;
  const lookahead = LOOKAHEAD_PER_WORKER * workers;
  const ordered = new InOrder(first, onWritten);
  const threads: Worker[] = [];
  const idle: Worker[] = [];
  let nextTask = first;
  let settled = false;

  return new Promise<void>((resolve, reject) => {
    const stop = (error: unknown): void => {
      if (settled) {
        return;
      }
      settled = true;
      const stopped = Promise.all(threads.map((thread) => thread.terminate()));
      stopped.then(
        () => (error === null ? resolve() : reject(error)),
        (terminateError: unknown) => reject(error ?? terminateError),
      );
    };
    const dispatch = (): void => {
      while (idle.length > 0 && nextTask < end && nextTask < ordered.next + lookahead) {
        (idle.pop() as Worker).postMessage(nextTask);
        nextTask += 1;
      }
      if (ordered.next === end) {
        stop(null);
      }
    };

    for (let i = 0; i < workers; i += 1) {
      const thread = new Worker(ENTRY, { workerData: { module: WORKER_MODULE, spec } });
      thread.on('message', (patient: WrittenPatient) => {
        if (settled) {
          return;
        }
        try {
          ordered.accept(patient);
        } catch (error) {
          stop(error);
          return;
        }
        idle.push(thread);
        dispatch();
      });
      thread.on('error', stop);
      thread.on('exit', (code) => {
        stop(
          new Error(
            `A cohort worker thread exited with code ${code} before the cohort was written.`,
          ),
        );
      });
      threads.push(thread);
      idle.push(thread);
    }
    dispatch();
  });
}
