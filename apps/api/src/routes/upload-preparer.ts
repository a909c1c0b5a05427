import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { EncodedStagingRows, type StagingSummary } from '@phoenix/db/ingest-rows';
import type { RejectionReasonCount } from '@phoenix/db/rejection-counts';
import { ApiError, type ErrorCode } from '../http/errors.ts';
import { SharedBufferPool } from '../http/shared-buffer-pool.ts';
import { BatchRejectedError, type PreparedBatch, type Rejection } from './uploads-batch.ts';

/** Bodies from this size on get their rows encoded into kept shared memory. */
const SHARED_OUTPUT_MIN_BYTES = 256 * 1024;
/** Max number of free output buffers kept, and max size of one. Larger ones are freed. */
const KEPT_OUTPUT_BUFFERS = 4;
const KEPT_OUTPUT_BUFFER_BYTES = 8 * 1024 * 1024;

/** A message to the upload worker: one body to prepare. */
export interface PrepareJob {
  id: number;
  body: Uint8Array;
  /** SHA-256 of the body's bytes, carried into the prepared batch. */
  digest: Uint8Array;
  /** The server's clock when the request arrived, for the plausibility rules. */
  nowMs: number;
  /** Shared memory to encode the rows into, when they fit. */
  output?: Uint8Array;
}

/** The worker's result for a job: a prepared batch, an API error, or an unexpected failure. */
export type PrepareOutcome =
  | {
      id: number;
      batch: Omit<PreparedBatch, 'rows'> & {
        rows: { data: Uint8Array; batchIdOffsets: Int32Array; summary: StagingSummary };
      };
    }
  | {
      id: number;
      error: {
        code: ErrorCode;
        message: string;
        details: unknown[] | undefined;
        /** Set for a batch without a valid record; see `BatchRejectedError`. */
        reasons: RejectionReasonCount[] | undefined;
      };
    }
  | { id: number; failure: string };

interface PendingJob {
  resolve: (batch: PreparedBatch) => void;
  reject: (error: Error) => void;
  /** Index of the thread the job was posted to. */
  thread: number;
}

/** Options of `UploadPreparer`. */
export interface UploadPreparerOptions {
  /** Worker threads; 1 by default. Each takes about 17 MB idle and one parsed body at work. */
  threads?: number;
}

/**
 * Parses, checks and encodes upload bodies on worker threads, so that the event loop stays
 * free for the database round trips of the uploads being staged: this lets one upload's
 * parsing overlap another's database work. A job goes to the thread with the fewest jobs, and
 * each thread runs its jobs in order of arrival.
 *
 * The threads run the worker module bundled into one script. A thread that loaded TypeScript
 * through tsx would carry its own module loader thread, about 60 MB more.
 *
 * A thread that fails fails its queued jobs and is replaced on its next job. The threads get
 * no heap limit (`resourceLimits`): on Node.js 20 a worker that reaches one can abort the whole
 * process while it shuts down (nodejs/node issue 47224), and a body of at most 16 MB cannot
 * reach V8's default limit.
 */
export class UploadPreparer {
  private readonly workers: (Worker | null)[];
  private readonly pending = new Map<number, PendingJob>();
  private nextId = 1;
  private closed = false;
  private readonly outputs = new SharedBufferPool(KEPT_OUTPUT_BUFFERS, KEPT_OUTPUT_BUFFER_BYTES);

  constructor(options: UploadPreparerOptions = {}) {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new Error(`the number of upload worker threads must be 1 or more, not ${threads}`);
    }
    this.workers = Array.from({ length: threads }, () => null);
  }

  /**
   * Prepare an upload body. `body` is handed to a worker: when it owns its memory, that
   * memory moves there and `body` is empty afterwards. The worker reads a body on a
   * SharedArrayBuffer in place, so it must not change until the returned promise settles.
   * Rejects with ApiError for a body the API rejects (see `readUploadBody` and
   * `prepareBatch`), and with an Error when the worker fails.
   */
  async prepare(body: Buffer, digest: Buffer, nowMs = Date.now()): Promise<PreparedBatch> {
    if (this.closed) throw new Error('the upload preparer is closed');
    const thread = this.leastBusyThread();
    const id = this.nextId++;
    // The job counts against its thread from here, so that jobs arriving while the bundle is
    // built spread over the threads too.
    const result = new Promise<PreparedBatch>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
    });
    let worker: Worker;
    try {
      worker = await this.ensureWorker(thread);
    } catch (error) {
      // close() may have failed the job already; nobody awaits its promise on this path.
      this.pending.delete(id);
      result.catch(() => {});
      throw error;
    }
    // The worker reads a body on a SharedArrayBuffer in place. Other memory that belongs to
    // the body alone moves to the worker.
    const ownsMemory =
      !(body.buffer instanceof SharedArrayBuffer) &&
      body.byteOffset === 0 &&
      body.byteLength === body.buffer.byteLength &&
      body.byteLength > Buffer.poolSize;
    // Encoded rows take about half the JSON's bytes, so a buffer of the body's size fits them.
    const output =
      body.byteLength >= SHARED_OUTPUT_MIN_BYTES ? this.outputs.take(body.byteLength) : undefined;
    const job: PrepareJob = { id, body, digest, nowMs, output };
    worker.postMessage(job, ownsMemory ? [body.buffer as ArrayBuffer] : []);
    return result;
  }

  /**
   * Keeps the memory of a batch's encoded rows for later batches. Call it once nothing reads
   * the rows any more, such as after the COPY that sent them succeeded.
   */
  recycle(batch: PreparedBatch): void {
    if (batch.rows.data.buffer instanceof SharedArrayBuffer) this.outputs.give(batch.rows.data);
  }

  /** Stop the workers; jobs still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers.filter((worker): worker is Worker => worker !== null);
    this.workers.fill(null);
    const error = new Error('the API is shutting down');
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private leastBusyThread(): number {
    const jobs = this.workers.map(() => 0);
    for (const job of this.pending.values()) jobs[job.thread]! += 1;
    return jobs.indexOf(Math.min(...jobs));
  }

  private async ensureWorker(thread: number): Promise<Worker> {
    const running = this.workers[thread];
    if (running) return running;
    const source = await workerSource();
    // The preparer may have closed, or another call started a worker, while the bundle was built.
    if (this.closed) throw new Error('the upload preparer is closed');
    const started = this.workers[thread];
    if (started) return started;
    const worker = new Worker(new URL(`data:text/javascript;base64,${source}`), {
      // The API may run under tsx; the bundle needs no loader, so none is passed on.
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (outcome: PrepareOutcome) => this.settle(outcome));
    worker.on('error', (error) => this.retire(thread, worker, error));
    worker.on('exit', (code) =>
      this.retire(thread, worker, new Error(`the upload worker stopped with exit code ${code}`)),
    );
    this.workers[thread] = worker;
    return worker;
  }

  private settle(outcome: PrepareOutcome): void {
    const job = this.pending.get(outcome.id);
    if (!job) return;
    this.pending.delete(outcome.id);
    if ('batch' in outcome) {
      const { data, batchIdOffsets, summary } = outcome.batch.rows;
      job.resolve({
        ...outcome.batch,
        digest: Buffer.from(outcome.batch.digest),
        rows: new EncodedStagingRows(
          Buffer.from(data.buffer, data.byteOffset, data.byteLength),
          batchIdOffsets,
          summary,
        ),
      });
    } else if ('error' in outcome) {
      const { code, message, details, reasons } = outcome.error;
      job.reject(
        reasons
          ? new BatchRejectedError(message, details as Rejection[], reasons)
          : new ApiError(code, message, details),
      );
    } else {
      job.reject(new Error(`the upload worker failed: ${outcome.failure}`));
    }
  }

  /** Forget a worker that failed or exited, failing the jobs it was given. */
  private retire(thread: number, worker: Worker, cause: Error): void {
    if (this.workers[thread] !== worker) return;
    this.workers[thread] = null;
    const error = new Error(`the upload worker failed: ${cause.message}`, { cause });
    for (const [id, job] of this.pending) {
      if (job.thread !== thread) continue;
      this.pending.delete(id);
      job.reject(error);
    }
  }
}

let bundled: Promise<string> | null = null;

/**
 * Bundles the worker module and everything it imports into one ES module, base64-encoded. It
 * runs once per process and took about 40 ms on a 2-core machine.
 */
function workerSource(): Promise<string> {
  bundled ??= build({
    entryPoints: [fileURLToPath(new URL('./upload-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).then(
    (result) => Buffer.from(result.outputFiles[0]!.contents).toString('base64'),
    (error: unknown) => {
      bundled = null;
      throw error;
    },
  );
  return bundled;
}
