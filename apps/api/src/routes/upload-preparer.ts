import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { build } from 'esbuild';
import { EncodedStagingRows, type StagingSummary } from '@phoenix/db/ingest-rows';
import { ApiError, type ErrorCode } from '../http/errors.ts';
import type { PreparedBatch } from './uploads-batch.ts';

/** A message to the upload worker: one body to prepare. */
export interface PrepareJob {
  id: number;
  body: Uint8Array;
  /** SHA-256 of the body's bytes, carried into the prepared batch. */
  digest: Uint8Array;
  /** The server's clock when the request arrived, for the plausibility rules. */
  nowMs: number;
}

/** The worker's result for a job: a prepared batch, an API error, or an unexpected failure. */
export type PrepareOutcome =
  | {
      id: number;
      batch: Omit<PreparedBatch, 'rows'> & {
        rows: { data: Uint8Array; batchIdOffsets: Int32Array; summary: StagingSummary };
      };
    }
  | { id: number; error: { code: ErrorCode; message: string; details: unknown[] | undefined } }
  | { id: number; failure: string };

interface PendingJob {
  resolve: (batch: PreparedBatch) => void;
  reject: (error: Error) => void;
}

/** Options of `UploadPreparer`. */
export interface UploadPreparerOptions {
  /** Heap limits of the worker thread; Node.js's defaults when unset. */
  resourceLimits?: ResourceLimits;
}

/**
 * Parses, checks and encodes upload bodies on a worker thread, so that the event loop stays
 * free for the database round trips of the uploads being staged: on two cores this lets one
 * upload's parsing overlap another's database work. Jobs run one at a time in order of arrival.
 *
 * The thread runs the worker module bundled into one script. A thread that loaded TypeScript
 * through tsx would carry its own module loader thread, about 60 MB more.
 *
 * A thread that fails (out of memory, for example) fails its queued jobs and is replaced on
 * the next job.
 */
export class UploadPreparer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, PendingJob>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: UploadPreparerOptions = {}) {}

  /**
   * Prepare an upload body. `body` is handed to the worker: when it owns its memory, that
   * memory moves there and `body` is empty afterwards. Rejects with ApiError for a body the
   * API refuses (see `readUploadBody` and `prepareBatch`), and with an Error when the worker
   * fails.
   */
  async prepare(body: Buffer, digest: Buffer, nowMs = Date.now()): Promise<PreparedBatch> {
    if (this.closed) throw new Error('the upload preparer is closed');
    const worker = await this.ensureWorker();
    const id = this.nextId++;
    const ownsMemory =
      body.byteOffset === 0 &&
      body.byteLength === body.buffer.byteLength &&
      body.byteLength > Buffer.poolSize;
    const job: PrepareJob = { id, body, digest, nowMs };
    return new Promise<PreparedBatch>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(job, ownsMemory ? [body.buffer as ArrayBuffer] : []);
    });
  }

  /** Stop the worker; jobs still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failPending(new Error('the API is shutting down'));
    await worker?.terminate();
  }

  private async ensureWorker(): Promise<Worker> {
    if (this.worker) return this.worker;
    const source = await workerSource();
    // The preparer may have closed, or another call started a worker, while the bundle was built.
    if (this.closed) throw new Error('the upload preparer is closed');
    if (this.worker) return this.worker;
    const worker = new Worker(new URL(`data:text/javascript;base64,${source}`), {
      // The API may run under tsx; the bundle needs no loader, so none is passed on.
      execArgv: [],
      resourceLimits: this.options.resourceLimits,
    });
    worker.unref();
    worker.on('message', (outcome: PrepareOutcome) => this.settle(outcome));
    worker.on('error', (error) => this.retire(worker, error));
    worker.on('exit', (code) =>
      this.retire(worker, new Error(`the upload worker stopped with exit code ${code}`)),
    );
    this.worker = worker;
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
      const { code, message, details } = outcome.error;
      job.reject(new ApiError(code, message, details));
    } else {
      job.reject(new Error(`the upload worker failed: ${outcome.failure}`));
    }
  }

  /** Forget a worker that failed or exited, failing the jobs it held. */
  private retire(worker: Worker, cause: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failPending(new Error(`the upload worker failed: ${cause.message}`, { cause }));
  }

  private failPending(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
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
