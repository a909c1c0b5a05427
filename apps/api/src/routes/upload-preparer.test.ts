import { hash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.ts';
import { cbgAt } from '../test-support.ts';
import { UploadPreparer } from './upload-preparer.ts';
import { prepareBatch, readUploadBody } from './uploads-batch.ts';

const NOW_MS = Date.parse('2030-01-01T00:00:00Z');

function bodyOf(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function digestOf(body: Buffer): Buffer {
  return hash('sha256', body, 'buffer');
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

  it('replaces a worker out of memory', async () => {
    preparer = new UploadPreparer({
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    // About 60 MB of JSON objects once parsed, far beyond the 16 MB heap.
    const records = Array.from({ length: 10_000 }, () => ({
      sourceCells: Object.fromEntries(
        Array.from({ length: 100 }, (_, index) => [`c${index}`, 'v']),
      ),
    }));
    const huge = bodyOf({ records });

    await expect(preparer.prepare(huge, digestOf(huge), NOW_MS)).rejects.toThrow(
      /the upload worker failed/,
    );

    const small = bodyOf({ records: [cbgAt(0, 100)] });
    const batch = await preparer.prepare(small, digestOf(small), NOW_MS);
    expect(batch.rows.count).toBe(1);
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
