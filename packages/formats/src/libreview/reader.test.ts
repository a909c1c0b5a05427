import type { CanonicalRecord, CbgRecord, DeviceEventRecord } from '@phoenix/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExportFile } from '../registry.ts';
import { fixturePath } from '../test-support.ts';

const SAMPLE = 'libreview-librelink-mmol-daymonth-crlf.csv';
const SERIAL = '450E34A9-73C7-43EE-83ED-8D97C25F0B45';

// Counted independently with awk on column 4 of the file (record type) after line 2:
// 38 rows of type 0 (historic), 8 of type 1 (scan), 6 of type 6 (notes, all empty).
const HISTORIC_COUNT = 38;
const SCAN_COUNT = 8;
const NOTE_COUNT = 6;

let records: CanonicalRecord[];
const cbg = (): CbgRecord[] =>
  records.filter((record): record is CbgRecord => record.type === 'cbg');

beforeAll(async () => {
  const result = await readExportFile(fixturePath(SAMPLE), { timezone: 'Europe/Berlin' });
  expect(result.format).toBe('abbott-libreview');
  expect(result.variant).toBe('en-mmol');
  expect(result.issues).toEqual([]);
  records = result.records;
});

describe('LibreView reader on the LibreLink sample', () => {
  it('reads every row', () => {
    expect(records).toHaveLength(HISTORIC_COUNT + SCAN_COUNT + NOTE_COUNT);
    expect(cbg()).toHaveLength(HISTORIC_COUNT + SCAN_COUNT);
    expect(records.filter((record) => record.type === 'deviceEvent')).toHaveLength(NOTE_COUNT);
  });

  it('reads the first historic reading', () => {
    // 4.1 mmol/L × 18.01559 = 73.863919 mg/dL; 13:42 in Berlin in March is 12:42 UTC.
    expect(records[0]).toMatchObject({
      type: 'cbg',
      deviceTime: '2021-03-16T13:42:00',
      time: '2021-03-16T12:42:00.000Z',
      timezoneOffset: 60,
      timeResolution: 'exact',
      valueMgDl: 73.863919,
      outOfRange: null,
      sourceUnits: 'mmol/L',
      deviceId: `freestyle-librelink:${SERIAL}`,
      origin: { format: 'abbott-libreview', file: SAMPLE, line: 3 },
    });
    expect(records[0]?.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps scans apart by device ID', () => {
    const scans = cbg().filter((record) => record.deviceId.endsWith(':scan'));
    expect(scans).toHaveLength(SCAN_COUNT);
    expect(scans.every((record) => record.deviceId === `freestyle-librelink:${SERIAL}:scan`)).toBe(
      true,
    );
    expect(scans.map((record) => record.deviceTime.slice(11, 16))).toEqual([
      '13:43',
      '14:20',
      '14:43',
      '16:29',
      '18:33',
      '19:54',
      '20:08',
      '20:21',
    ]);
    // 3.6 mmol/L × 18.01559 = 64.856124 mg/dL.
    expect(scans[0]?.valueMgDl).toBeCloseTo(64.856124, 6);
  });

  it('reads empty notes as note events', () => {
    const notes = records.filter(
      (record): record is DeviceEventRecord => record.type === 'deviceEvent',
    );
    expect(notes.every((record) => record.subType === 'note' && record.detail === null)).toBe(true);
    expect(notes[0]?.deviceTime).toBe('2021-03-16T12:40:00');
  });

  it('keeps file order and line numbers', () => {
    expect(records.map((record) => record.origin.line)).toEqual(
      Array.from({ length: records.length }, (_, i) => i + 3),
    );
  });

  it('gives unique identity hashes', () => {
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
  });

  it('gives the same hashes on a second read', async () => {
    const again = await readExportFile(fixturePath(SAMPLE), { timezone: 'Europe/Berlin' });
    expect(again.records.map((record) => record.id)).toEqual(records.map((record) => record.id));
  });
});
