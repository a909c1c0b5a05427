/**
 * Entry point of the upload worker thread (see `UploadPreparer`): it parses, checks and encodes
 * one upload body per message and posts back the prepared batch or the API error. It imports
 * no database client, since it is bundled into one script for the thread.
 */
import { parentPort } from 'node:worker_threads';
import { ApiError } from '../http/errors.ts';
import type { PrepareJob, PrepareOutcome } from './upload-preparer.ts';
import {
  BatchRejectedError,
  mayContainNul,
  prepareBatch,
  readUploadBody,
} from './uploads-batch.ts';

const port = parentPort;
if (!port) throw new Error('the upload worker runs only as a worker thread');

port.on('message', (job: PrepareJob) => {
  let outcome: PrepareOutcome;
  const transfer: ArrayBuffer[] = [];
  try {
    const body = readUploadBody(job.body);
    // Most bodies contain no escaped NUL at all, which spares scanning every record's texts.
    const scanForNul = mayContainNul(job.body);
    const output = job.output
      ? Buffer.from(job.output.buffer, job.output.byteOffset, job.output.byteLength)
      : undefined;
    const batch = prepareBatch(body, Buffer.from(job.digest), job.nowMs, { scanForNul, output });
    const { data, batchIdOffsets, summary } = batch.rows;
    outcome = {
      id: job.id,
      batch: { ...batch, rows: { data, batchIdOffsets, summary } },
    };
    // Rows in the shared output buffer reach the main thread without a copy. Other encoded
    // rows are megabytes, so their memory moves there. Buffers of Node's shared pool (small
    // ones) are copied, since the pool stays here.
    if (!(data.buffer instanceof SharedArrayBuffer) && data.buffer.byteLength > Buffer.poolSize) {
      transfer.push(data.buffer as ArrayBuffer);
    }
    transfer.push(batchIdOffsets.buffer as ArrayBuffer);
  } catch (error) {
    outcome =
      error instanceof ApiError
        ? {
            id: job.id,
            error: {
              code: error.code,
              message: error.message,
              details: error.details,
              reasons: error instanceof BatchRejectedError ? error.reasons : undefined,
            },
          }
        : {
            id: job.id,
            failure: error instanceof Error ? (error.stack ?? error.message) : String(error),
          };
  }
  port.postMessage(outcome, transfer);
});
