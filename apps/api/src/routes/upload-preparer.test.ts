import { hash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.ts';
import { cbgAt } from '../test-support.ts';
import { UploadPreparer } from './upload-preparer.ts';
import { prepareBatch, readUploadBody, type PreparedBatch } from './uploads-batch.ts';

const NOW_MS = Date.parse('2030-01-01T00:00:00Z');

function bodyOf(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function digestOf(body: Buffer): Buffer {
  return hash('sha256', body, 'buffer');
}

/** Returns the preparer's worker threads from its private field, to stop one from outside. */
function workersOf(target: UploadPreparer): (Worker | null)[] {
  return (target as unknown as { workers: (Worker | null)[] }).workers;
}

let preparer: UploadPreparer | null = null;

afterEach(async () => {
  await preparer?.close();
  preparer = null;
});

describe('UploadPreparer', () => {
  it('matches preparing in this thread', async () => {
    preparer = new UploadPreparer();
    const twice = cbgAt(10, 130);
    const records = [cbgAt(0, 100), { ...cbgAt(5, 110), id: 'f'.repeat(64) }, twice, twice];
    const body = bodyOf({ source: { format: 'test', fileName: 'a.csv' }, records });
    const expected = prepareBatch(readUploadBody(body), digestOf(body), NOW_MS);

    const batch = await preparer.prepare(Buffer.from(body), digestOf(body), NOW_MS);

    expect(batch.received).toBe(4);
    expect(batch.rejectedCount).toBe(1);
    expect(batch.rejections).toEqual(expected.rejections);
    expect(batch.digest.equals(digestOf(body))).toBe(true);
    expect(batch.sourceFile).toBe('a.csv');
    expect(batch.rows.count).toBe(3);
    expect(batch.rows.data.equals(expected.rows.data)).toBe(true);
    expect([...batch.rows.batchIdOffsets]).toEqual([...expected.rows.batchIdOffsets]);
    // The repeated reading counts once; the span covers the valid readings only.
    expect(batch.rows.summary).toEqual({
      distinctRecords: 2,
      firstTimeMs: Date.parse(cbgAt(0, 100).time),
      lastTimeMs: Date.parse(twice.time),
    });
  });

  it('prepares a body with a byte order mark', async () => {
    preparer = new UploadPreparer();
    const json = bodyOf({ records: [cbgAt(0, 100), cbgAt(5, 110)] });
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]);

    const batch = await preparer.prepare(body, digestOf(body), NOW_MS);

    expect(batch.received).toBe(2);
    expect(batch.rows.count).toBe(2);
    expect(batch.digest.equals(digestOf(body))).toBe(true);
    expect(batch.digest.equals(digestOf(json))).toBe(false);
  });

  it('moves a large body to the worker', async () => {
    preparer = new UploadPreparer();
    const records = Array.from({ length: 200 }, (_, index) => cbgAt(index * 5, 100 + index));
    const body = bodyOf({ records });
    expect(body.length).toBeGreaterThan(Buffer.poolSize);
    const digest = digestOf(body);

    const batch = await preparer.prepare(body, digest, NOW_MS);

    expect(batch.rows.count).toBe(200);
    expect(body.length).toBe(0);
  });

  it('reads a body on shared memory in place', async () => {
    preparer = new UploadPreparer();
    const records = Array.from({ length: 200 }, (_, index) => cbgAt(index * 5, 100 + index));
    const text = bodyOf({ records });
    const body = Buffer.from(new SharedArrayBuffer(text.length));
    text.copy(body);

    const batch = await preparer.prepare(body, digestOf(text), NOW_MS);

    expect(batch.rows.count).toBe(200);
    expect(body.equals(text)).toBe(true);
  });

  it('encodes large batches into reused shared memory', async () => {
    preparer = new UploadPreparer();
    const records = Array.from({ length: 1000 }, (_, index) => cbgAt(index * 5, 100 + index));
    const body = bodyOf({ records });
    const expected = prepareBatch(readUploadBody(body), digestOf(body), NOW_MS);

    // Each message between threads wraps shared memory in a new object, so the memory is
    // recognised by a mark in its last byte, which the rows do not reach.
    const lastByte = (batch: PreparedBatch) => {
      const memory = new Uint8Array(batch.rows.data.buffer);
      return memory[memory.length - 1];
    };

    const first = await preparer.prepare(Buffer.from(body), digestOf(body), NOW_MS);
    expect(first.rows.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(first.rows.data.equals(expected.rows.data)).toBe(true);
    const memory = new Uint8Array(first.rows.data.buffer);
    memory[memory.length - 1] = 0xab;
    preparer.recycle(first);

    const second = await preparer.prepare(Buffer.from(body), digestOf(body), NOW_MS);
    expect(lastByte(second)).toBe(0xab);
    expect(second.rows.data.equals(expected.rows.data)).toBe(true);
    // The second batch was not recycled, so the third gets new memory.
    const third = await preparer.prepare(Buffer.from(body), digestOf(body), NOW_MS);
    expect(lastByte(third)).toBe(0);
  });

  it('rejects an invalid body with ApiError', async () => {
    preparer = new UploadPreparer();
    const body = bodyOf({ records: [cbgAt(0, 100)], extra: true });

    const error = await preparer.prepare(body, digestOf(body), NOW_MS).catch((caught) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'body/extra' })],
    });
  });

  it('replaces a worker that stops', async () => {
    preparer = new UploadPreparer();
    const first = bodyOf({ records: [cbgAt(0, 100)] });
    await preparer.prepare(first, digestOf(first), NOW_MS);

    const body = bodyOf({ records: [cbgAt(5, 105)] });
    const pending = preparer.prepare(body, digestOf(body), NOW_MS);
    await workersOf(preparer)[0]!.terminate();

    await expect(pending).rejects.toThrow(/the upload worker failed: .*exit code 1/);
    const next = bodyOf({ records: [cbgAt(10, 110)] });
    expect((await preparer.prepare(next, digestOf(next), NOW_MS)).rows.count).toBe(1);
  });

  it('keeps the other thread working when one stops', async () => {
    preparer = new UploadPreparer({ threads: 2 });
    const warm = bodyOf({ records: [cbgAt(0, 100)] });
    await Promise.all([
      preparer.prepare(Buffer.from(warm), digestOf(warm), NOW_MS),
      preparer.prepare(Buffer.from(warm), digestOf(warm), NOW_MS),
    ]);
    expect(workersOf(preparer).every((worker) => worker !== null)).toBe(true);

    const lost = preparer.prepare(Buffer.from(warm), digestOf(warm), NOW_MS);
    const surviving = preparer.prepare(Buffer.from(warm), digestOf(warm), NOW_MS);
    await workersOf(preparer)[0]!.terminate();

    await expect(lost).rejects.toThrow(/the upload worker failed/);
    expect((await surviving).rows.count).toBe(1);
  });

  it('rejects fewer than one thread', () => {
    expect(() => new UploadPreparer({ threads: 0 })).toThrow(/1 or more/);
  });

  it('fails queued jobs when closed', async () => {
    preparer = new UploadPreparer();
    const body = bodyOf({ records: [cbgAt(0, 100)] });
    const pending = preparer.prepare(body, digestOf(body), NOW_MS);
    // The job is posted once the bundle is built; close after that.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const closing = preparer.close();

    await expect(pending).rejects.toThrow(/shutting down|closed/);
    await closing;
    await expect(preparer.prepare(body, digestOf(body), NOW_MS)).rejects.toThrow(/closed/);
  });
});
