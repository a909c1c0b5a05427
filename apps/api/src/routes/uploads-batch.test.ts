import { TIME_FORMAT_MESSAGE } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { cbgAt } from '../test-support.ts';
import { ApiError } from '../http/errors.ts';
import {
  EMPTY_BODY_MESSAGE,
  MAX_BATCH_RECORDS,
  prepareBatch,
  readUploadBody,
} from './uploads-batch.ts';

const DIGEST = Buffer.alloc(32, 7);
const NOW_MS = Date.UTC(2024, 2, 10);

describe('prepareBatch', () => {
  it('encodes valid records and names the rest', () => {
    const tooHigh = cbgAt(1, 1200);
    const lineTooLarge = { ...cbgAt(2, 130), origin: { format: 'test', line: 2 ** 31 } };
    const records = [cbgAt(0, 120), tooHigh, lineTooLarge, 'text', cbgAt(3, 140)];

    const batch = prepareBatch({ records, source: { format: 'test' } }, DIGEST, NOW_MS);

    expect(batch.received).toBe(5);
    expect(batch.rows.count).toBe(2);
    expect(batch.rejectedCount).toBe(3);
    expect(batch.rejections.map((rejection) => rejection.index)).toEqual([1, 2, 3]);
    expect(batch.rejections[0]).toMatchObject({ field: '/valueMgDl', value: 1200 });
    expect(batch.rejections[1]).toMatchObject({ field: '/origin/line', value: 2 ** 31 });
    expect(batch.sourceFormat).toBe('test');
    expect(batch.digest).toBe(DIGEST);
  });

  it('names a time that is not ISO 8601', () => {
    const longText = 'not a time, but long enough to pass';
    const records = [cbgAt(0, 120), { ...cbgAt(1, 125), time: 'not a time' }];
    records.push({ ...cbgAt(2, 130), time: longText });

    const batch = prepareBatch({ records }, DIGEST, NOW_MS);

    expect(batch.rows.count).toBe(1);
    expect(batch.rejections).toEqual([
      { index: 1, field: '/time', value: 'not a time', message: TIME_FORMAT_MESSAGE },
      { index: 2, field: '/time', value: longText, message: TIME_FORMAT_MESSAGE },
    ]);
  });

  it('rejects an empty batch', () => {
    expect(() => prepareBatch({ records: [] }, DIGEST, NOW_MS)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('rejects a batch above the limit', () => {
    const records = new Array<unknown>(MAX_BATCH_RECORDS + 1).fill(cbgAt(0, 120));
    const error = catchError(() => prepareBatch({ records }, DIGEST, NOW_MS));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('BATCH_TOO_LARGE');
  });

  it('rejects a batch without a valid record', () => {
    const error = catchError(() => prepareBatch({ records: ['text', 42] }, DIGEST, NOW_MS));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toHaveLength(2);
  });
});

describe('readUploadBody', () => {
  const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

  it('skips a leading byte order mark', () => {
    const json = Buffer.from(JSON.stringify({ records: [cbgAt(0, 120)] }));
    const body = readUploadBody(Buffer.concat([BYTE_ORDER_MARK, json]));
    expect(body.records).toHaveLength(1);
    expect(body).toEqual(readUploadBody(json));
  });

  it('treats a lone byte order mark as empty', () => {
    const error = catchError(() => readUploadBody(BYTE_ORDER_MARK));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe(EMPTY_BODY_MESSAGE);
  });

  it('names where bytes stop being UTF-8', () => {
    // A Latin-1 "é" (E9) after the 3-byte mark and 20 bytes of text, on the second line.
    const text = Buffer.concat([
      BYTE_ORDER_MARK,
      Buffer.from('{"records":[],\n"x":"'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    const error = catchError(() => readUploadBody(text));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe(
      'the body is not valid UTF-8: invalid bytes at byte 23 (line 2); send JSON as UTF-8',
    );
  });

  it('rejects a byte order mark inside the text', () => {
    const text = Buffer.from('{"records":\uFEFF[]}');
    const error = catchError(() => readUploadBody(text));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^invalid JSON body: /);
  });
});

function catchError(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected an error, and none was raised');
}
