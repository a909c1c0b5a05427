import type {
  BolusRecord,
  CanonicalRecord,
  CbgRecord,
  DeviceEventRecord,
  FoodRecord,
  SmbgRecord,
} from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../registry.ts';
import { fixtureText, readText } from '../test-support.ts';
import { abbottLibreView } from './index.ts';

async function read(name: string, timezone: string): Promise<CanonicalRecord[]> {
  const text = fixtureText(name);
  const { records, issues } = await readText(abbottLibreView, text, { timezone, fileName: name });
  expect(issues).toEqual([]);
  return records;
}

function ofType<T extends CanonicalRecord>(records: CanonicalRecord[], type: T['type']): T[] {
  return records.filter((record): record is T => record.type === type);
}

describe('LibreView MM-DD-YYYY HH:mm in mg/dL', () => {
  // Hand-made: a FreeStyle Libre 2 in New York across the end of daylight saving time on
  // 2023-11-05 (01:00–01:59 happens twice), with every record type.
  const NAME = 'libreview-handmade-en-mgdl-monthday-24h.csv';
  const ZONE = 'America/New_York';

  it('is detected as English mg/dL', () => {
    expect(detectFormat(fixtureText(NAME))).toMatchObject({
      format: 'abbott-libreview',
      variant: 'en',
    });
  });

  it('reads dates month-first, decided by 11-13-2023', async () => {
    const records = await read(NAME, ZONE);
    expect(records).toHaveLength(18);
    expect(records.map((record) => record.deviceTime.slice(0, 10))).toContain('2023-11-13');
    // 23:50 EDT (UTC−4) is 03:50 UTC; 08:00 EST (UTC−5) on 13 November is 13:00 UTC.
    expect(records[0]).toMatchObject({ time: '2023-11-05T03:50:00.000Z', timezoneOffset: -240 });
    expect(records[7]).toMatchObject({ time: '2023-11-13T13:00:00.000Z', timezoneOffset: -300 });
  });

  it('flags the repeated hour as ambiguous', async () => {
    const cbg = ofType<CbgRecord>(await read(NAME, ZONE), 'cbg');
    const ambiguous = cbg.filter((record) => record.timeResolution === 'ambiguous');
    expect(ambiguous.map((record) => record.deviceTime.slice(11, 16))).toEqual([
      '01:05',
      '01:20',
      '01:35',
      '01:22',
    ]);
    // The earlier of the two instants, still on EDT: 01:05 − (−4 h) = 05:05 UTC.
    expect(ambiguous[0]).toMatchObject({ time: '2023-11-05T05:05:00.000Z', timezoneOffset: -240 });
  });

  it('reads the floor and ceiling values as out of range', async () => {
    const cbg = ofType<CbgRecord>(await read(NAME, ZONE), 'cbg');
    expect(cbg[1]).toMatchObject({ valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 });
    expect(cbg[6]).toMatchObject({ valueMgDl: null, outOfRange: 'high', thresholdMgDl: 500 });
    expect(cbg[6]?.time).toBe('2023-11-05T07:05:00.000Z');
  });

  it('reads strips, ketones, insulin, food and notes', async () => {
    const records = await read(NAME, ZONE);
    expect(ofType<SmbgRecord>(records, 'smbg')).toMatchObject([
      { subType: 'linked', valueMgDl: 95, deviceTime: '2023-11-05T07:30:00' },
    ]);
    expect(ofType<DeviceEventRecord>(records, 'deviceEvent')).toMatchObject([
      { subType: 'ketone', detail: '0.4 mmol/L' },
      { subType: 'note', detail: 'Breakfast, then a walk' },
      { subType: 'note', detail: 'Sensor said "check"' },
    ]);
    const boluses = ofType<BolusRecord>(records, 'bolus');
    expect(boluses.map((record) => [record.insulinKind, record.normalUnits])).toEqual([
      ['Rapid-Acting', 4.5],
      ['Long-Acting', 12],
      ['Rapid-Acting', 6],
    ]);
    expect(boluses[0]?.origin.line).toBe(boluses[1]?.origin.line);
    expect(boluses[0]?.id).not.toBe(boluses[1]?.id);
    expect(ofType<FoodRecord>(records, 'food')).toMatchObject([{ carbsGrams: 45 }]);
    expect(
      records.every(
        (record) =>
          record.deviceId === 'freestyle-libre-2:MAAA000-A0000' ||
          record.deviceId === 'freestyle-libre-2:MAAA000-A0000:scan',
      ),
    ).toBe(true);
  });
});

describe('LibreView MM-DD-YYYY hh:mm AM', () => {
  const NAME = 'libreview-handmade-en-mgdl-monthday-12h.csv';

  it('reads the 12-hour clock', async () => {
    const records = await read(NAME, 'America/Chicago');
    // Chicago is on CDT (UTC−5) after 10 March 2024.
    expect(records.map((record) => [record.deviceTime, record.time])).toEqual([
      ['2024-03-12T23:55:00', '2024-03-13T04:55:00.000Z'],
      ['2024-03-13T00:10:00', '2024-03-13T05:10:00.000Z'],
      ['2024-03-13T00:25:00', '2024-03-13T05:25:00.000Z'],
      ['2024-03-13T11:50:00', '2024-03-13T16:50:00.000Z'],
      ['2024-03-13T12:05:00', '2024-03-13T17:05:00.000Z'],
      ['2024-03-13T13:20:00', '2024-03-13T18:20:00.000Z'],
      ['2024-03-13T12:07:00', '2024-03-13T17:07:00.000Z'],
    ]);
  });
});

describe('LibreView DD-MM-YYYY hh:mm AM in mmol/L', () => {
  const NAME = 'libreview-handmade-en-mmol-daymonth-12h.csv';

  it('reads day-first dates on the 12-hour clock', async () => {
    expect(detectFormat(fixtureText(NAME))?.variant).toBe('en-mmol');
    const records = await read(NAME, 'Australia/Sydney');
    // Sydney is on AEST (UTC+10) after 7 April 2024.
    expect(records[0]).toMatchObject({
      deviceTime: '2024-04-19T21:00:00',
      time: '2024-04-19T11:00:00.000Z',
    });
    expect(records[3]).toMatchObject({
      deviceTime: '2024-04-20T00:00:00',
      time: '2024-04-19T14:00:00.000Z',
    });
    // 10.4 mmol/L × 18.01559 = 187.362136 mg/dL.
    expect((records[4] as CbgRecord).valueMgDl).toBeCloseTo(187.362136, 6);
    expect(records[6]).toMatchObject({
      type: 'food',
      carbsGrams: 60,
      deviceTime: '2024-04-20T12:05:00',
    });
  });
});

describe('LibreView clinic report with YYYY-MM-DD HH:mm', () => {
  const NAME = 'libreview-handmade-en-mmol-iso-clinic.csv';
  const ZONE = 'Europe/Berlin';

  it('finds the header on line 3', async () => {
    expect(detectFormat(fixtureText(NAME))?.variant).toBe('en-mmol-clinic');
    const records = await read(NAME, ZONE);
    expect(records[0]?.origin.line).toBe(4);
    expect(records[0]?.deviceId).toBe('freestyle-libre-3:MBBB000-B0000');
  });

  it('flags the spring gap and the repeated hour', async () => {
    const records = await read(NAME, ZONE);
    expect(
      records.map((record) => [record.deviceTime.slice(0, 16), record.timeResolution, record.time]),
    ).toEqual([
      ['2024-03-31T01:45', 'exact', '2024-03-31T00:45:00.000Z'],
      // 02:15 does not exist; it is read with the offset before the gap, UTC+1.
      ['2024-03-31T02:15', 'nonexistent', '2024-03-31T01:15:00.000Z'],
      ['2024-03-31T03:00', 'exact', '2024-03-31T01:00:00.000Z'],
      ['2024-10-27T02:10', 'ambiguous', '2024-10-27T00:10:00.000Z'],
      ['2024-10-27T02:25', 'ambiguous', '2024-10-27T00:25:00.000Z'],
      ['2024-10-27T03:10', 'exact', '2024-10-27T02:10:00.000Z'],
      ['2024-10-27T09:00', 'exact', '2024-10-27T08:00:00.000Z'],
      ['2024-10-27T09:01', 'exact', '2024-10-27T08:01:00.000Z'],
    ]);
  });

  it('reads 2.2 and 27.8 mmol/L as out of range', async () => {
    const cbg = ofType<CbgRecord>(await read(NAME, ZONE), 'cbg');
    expect(cbg[2]).toMatchObject({ valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 });
    expect(cbg[3]).toMatchObject({ valueMgDl: null, outOfRange: 'high', thresholdMgDl: 500 });
    expect(cbg.filter((record) => record.outOfRange === null)).toHaveLength(4);
  });

  it('reads the strip and ketone rows', async () => {
    const records = await read(NAME, ZONE);
    // 6.1 mmol/L × 18.01559 = 109.895099 mg/dL.
    expect((records[6] as SmbgRecord).valueMgDl).toBeCloseTo(109.895099, 6);
    expect(records[7]).toMatchObject({
      type: 'deviceEvent',
      subType: 'ketone',
      detail: '1.2 mmol/L',
    });
  });
});

describe('LibreView German export', () => {
  const NAME = 'libreview-handmade-de-mgdl-daymonth.csv';

  it('reads German headers', async () => {
    expect(detectFormat(fixtureText(NAME))?.variant).toBe('de');
    const records = await read(NAME, 'Europe/Berlin');
    expect(records).toHaveLength(8);
    expect(records[0]).toMatchObject({ valueMgDl: 139, time: '2021-02-10T08:40:00.000Z' });
    expect(records[2]).toMatchObject({ outOfRange: 'low', thresholdMgDl: 40 });
    expect(records[3]?.deviceTime).toBe('2021-02-18T10:57:00');
    expect(records[5]).toMatchObject({
      type: 'bolus',
      normalUnits: 3,
      insulinKind: 'Rapid-Acting',
    });
    expect(records[7]).toMatchObject({ type: 'deviceEvent', detail: 'Sport, 30 min' });
  });
});

describe('LibreView FreeStyle Libre 3 views', () => {
  const NAME = 'libreview-handmade-libre3-one-minute-views.csv';

  it('keeps one-minute views as cbg apart from the 5-minute series', async () => {
    const cbg = ofType<CbgRecord>(await read(NAME, 'Europe/Berlin'), 'cbg');
    const historic = cbg.filter((record) => record.deviceId === 'freestyle-libre-3:MCCC000-C0000');
    const views = cbg.filter(
      (record) => record.deviceId === 'freestyle-libre-3:MCCC000-C0000:scan',
    );
    expect(historic).toHaveLength(7);
    expect(views).toHaveLength(30);
    expect(views.map((record) => Number(record.deviceTime.slice(14, 16)))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    // Six minutes have a reading and a view; their identities still differ.
    expect(new Set(cbg.map((record) => record.id)).size).toBe(37);
  });
});
