import type { CbgRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { CopyEncodeError } from './copy-binary.ts';
import { encodeStagingRows, StagingSummaryBuilder, type StagingRowError } from './ingest-rows.ts';

const reading: CbgRecord = {
  type: 'cbg',
  id: 'ab'.repeat(32),
  time: '2024-03-04T08:00:00.000Z',
  deviceTime: '2024-03-04T08:00:00',
  timezoneOffset: 0,
  clockDriftOffset: 0,
  conversionOffset: 0,
  timeResolution: 'exact',
  deviceId: 'dexcom-g6:TEST01',
  origin: { format: 'test', line: 1 },
  valueMgDl: 120,
  outOfRange: null,
  thresholdMgDl: null,
  sourceUnits: 'mg/dL',
};

// 11-byte signature, 32-bit flags and 32-bit header extension length.
const HEADER_BYTES = 11 + 4 + 4;
// A row starts with a 16-bit field count and the batch ID's 32-bit length.
const FIRST_BATCH_ID_AT = HEADER_BYTES + 2 + 4;

describe('encodeStagingRows', () => {
  it('writes the batch ID into every row', () => {
    const rows = encodeStagingRows([
      { index: 0, record: reading },
      { index: 1, record: { ...reading, time: '2024-03-04T08:05:00.000Z' } },
    ]);
    const data = rows.withBatchId('0f8fad5b-d9cb-469f-a165-70867728950e');
    const id = Buffer.from('0f8fad5bd9cb469fa16570867728950e', 'hex');
    expect(rows.count).toBe(2);
    expect(data.subarray(FIRST_BATCH_ID_AT, FIRST_BATCH_ID_AT + 16)).toEqual(id);
    // Both rows have the same length, so the second ID sits one row further on.
    const rowBytes = (data.length - HEADER_BYTES - 2) / 2; // 2: the trailer
    const second = FIRST_BATCH_ID_AT + rowBytes;
    expect(data.subarray(second, second + 16)).toEqual(id);
    expect(data.readInt16BE(data.length - 2)).toBe(-1);
  });

  it('reports a record that does not fit its columns', () => {
    const errors: StagingRowError[] = [];
    const rows = encodeStagingRows(
      [
        { index: 0, record: reading },
        { index: 1, record: { ...reading, origin: { format: 'test', line: 2 ** 31 } } },
        { index: 2, record: { ...reading, deviceId: 'dexcom\0G6' } },
      ],
      (error) => errors.push(error),
    );
    expect(rows.count).toBe(1);
    expect(errors.map(({ index, field }) => ({ index, field }))).toEqual([
      { index: 1, field: '/origin/line' },
      { index: 2, field: '/deviceId' },
    ]);
    expect(errors[0]?.message).toMatch(/32-bit integer/);
  });

  it('raises without an error callback', () => {
    const bad = { ...reading, origin: { format: 'test', line: 2 ** 31 } };
    expect(() => encodeStagingRows([{ index: 0, record: bad }])).toThrow(CopyEncodeError);
  });
});

describe('staging summary', () => {
  it('counts repeats once and spans encoded rows', () => {
    const later = { ...reading, id: 'cd'.repeat(32), time: '2024-03-04T09:00:00+01:00' };
    const earlier = { ...reading, id: 'ef'.repeat(32), time: '2024-03-04T07:55:00.000Z' };
    const unfit = { ...reading, id: '01'.repeat(32), time: '2024-03-05T00:00:00.000Z' };
    const rows = encodeStagingRows(
      [
        { index: 0, record: reading },
        { index: 1, record: later },
        { index: 2, record: reading },
        { index: 3, record: earlier },
        { index: 4, record: { ...unfit, deviceId: 'dexcom\0G6' } },
      ],
      () => {},
    );
    expect(rows.count).toBe(4);
    // 09:00+01:00 is 08:00Z, so the span ends at the first reading; the unfit one is left out.
    expect(rows.summary).toEqual({
      distinctRecords: 3,
      firstTimeMs: Date.UTC(2024, 2, 4, 7, 55),
      lastTimeMs: Date.UTC(2024, 2, 4, 8, 0),
    });
  });

  it('counts a late repeat once', () => {
    const at = (minute: number, id: string) => ({
      ...reading,
      id: id.repeat(32),
      time: new Date(Date.UTC(2024, 2, 4, 8, minute)).toISOString(),
    });
    const builder = new StagingSummaryBuilder();
    for (const record of [at(0, 'a1'), at(5, 'b2'), at(10, 'c3'), at(15, 'd4')]) {
      builder.add(record);
    }
    expect(builder.build().distinctRecords).toBe(4);
    // The second reading again, then a new one: the count goes on from the four.
    builder.add(at(5, 'b2'));
    builder.add(at(20, 'e5'));
    expect(builder.build()).toEqual({
      distinctRecords: 5,
      firstTimeMs: Date.UTC(2024, 2, 4, 8, 0),
      lastTimeMs: Date.UTC(2024, 2, 4, 8, 20),
    });
  });

  it('has no span without rows', () => {
    const summary = new StagingSummaryBuilder().build();
    expect(summary.distinctRecords).toBe(0);
    expect(summary.firstTimeMs).toBeNaN();
    expect(summary.lastTimeMs).toBeNaN();
  });
});
