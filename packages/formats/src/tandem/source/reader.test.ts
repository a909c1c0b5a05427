import { identityHash, type BasalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { fixtureText, readText } from '../../test-support.ts';
import type { TandemRecord } from '../shared/record-body.ts';
import { SOURCE_BG_SAMPLE, SOURCE_CGM_MMOL_SAMPLE } from '../test-samples.ts';
import { tandemSource } from './index.ts';

const BERLIN = { timezone: 'Europe/Berlin', fileName: 'source.csv' };

async function read(text: string, chunkSize = 4096): Promise<TandemRecord[]> {
  const { records, issues } = await readText(tandemSource, text, { ...BERLIN, chunkSize });
  expect(issues).toEqual([]);
  return records as TandemRecord[];
}

describe('Tandem Source CGM file', () => {
  const text = fixtureText('tandem-source-cgm-handmade.csv');

  it('reads every row', async () => {
    const records = await read(text);
    // tail -n +2 | wc -l gives 52 rows; awk gives 3 below 40 and 3 above 400.
    expect(records.filter((record) => record.type === 'cbg')).toHaveLength(52);
    expect(records[0]).toMatchObject({
      type: 'pumpSettings',
      deviceId: 'tandem:1234567',
      settings: { deviceType: 'Tandem Mobi™ System', serialNumber: '1234567' },
    });
    for (const record of records) {
      expect(record.origin).toMatchObject({ format: 'tandem-source', file: 'source.csv' });
      expect(record.id).toBe(identityHash(record));
    }
  });

  it('flags readings past the sensor limits', async () => {
    const cbg = (await read(text)).filter((record) => record.type === 'cbg');
    const low = cbg.filter((record) => record.outOfRange === 'low');
    const high = cbg.filter((record) => record.outOfRange === 'high');
    expect(
      low.map((record) => [record.deviceTime, record.valueMgDl, record.thresholdMgDl]),
    ).toEqual([
      ['2025-10-26T01:57:31', null, 40],
      ['2025-10-26T02:02:31', null, 40],
      ['2025-10-26T02:07:31', null, 40],
    ]);
    expect(high.map((record) => record.thresholdMgDl)).toEqual([400, 400, 400]);
    expect(cbg.find((record) => record.deviceTime === '2025-10-26T01:52:31')).toMatchObject({
      valueMgDl: 41,
      outOfRange: null,
    });
  });

  it('resolves both passes of the repeated hour from row order', async () => {
    const cbg = (await read(text)).filter((record) => record.type === 'cbg');
    // grep -c 'T02:' gives 24 rows; Berlin repeats 02:00–02:59 on 2025-10-26, when 03:00 CEST
    // (UTC+2) becomes 02:00 CET (UTC+1) at 01:00 UTC. The rows step back from 02:57:31 to
    // 02:02:33, so the first 12 are CEST and the next 12 CET.
    const repeated = cbg.filter((record) => record.deviceTime.slice(11, 13) === '02');
    expect(repeated).toHaveLength(24);
    expect(repeated.every((record) => record.timeResolution === 'resolved')).toBe(true);
    expect(repeated.slice(0, 12).map((record) => record.time.slice(11, 19))).toEqual(
      ['00:02:31', '00:07:31', '00:12:31', '00:17:31', '00:22:31', '00:27:31'].concat([
        '00:32:31',
        '00:37:31',
        '00:42:31',
        '00:47:31',
        '00:52:31',
        '00:57:31',
      ]),
    );
    expect(repeated.slice(12).map((record) => record.time.slice(11, 19))).toEqual(
      ['01:02:33', '01:07:33', '01:12:33', '01:17:33', '01:22:33', '01:27:33'].concat([
        '01:32:33',
        '01:37:33',
        '01:42:33',
        '01:47:33',
        '01:52:33',
        '01:57:33',
      ]),
    );
    expect(new Set(repeated.map((record) => record.id)).size).toBe(24);
    // 01:02:31 CEST is 23:02:31 UTC the day before; 03:02:33 CET is 02:02:33 UTC.
    expect(cbg[0]?.time).toBe('2025-10-25T23:02:31.000Z');
    expect(cbg.find((record) => record.deviceTime === '2025-10-26T03:02:33')?.time).toBe(
      '2025-10-26T02:02:33.000Z',
    );
  });
});

describe('Tandem Source bolus file', () => {
  const text = fixtureText('tandem-source-bolus-handmade.csv');

  it('reads boluses and calculator input', async () => {
    const records = await read(text);
    // 5 rows; awk gives 4 with Carb Size above 0; the automatic correction gets no wizard.
    expect(records.map((record) => record.type)).toEqual([
      'bolus',
      'wizard',
      'bolus',
      'wizard',
      'bolus',
      'wizard',
      'bolus',
      'bolus',
      'wizard',
    ]);
    expect(records[0]).toMatchObject({
      subType: 'normal',
      normalUnits: 2.48,
      deviceId: 'tandem:1234567',
    });
    expect(records[1]).toMatchObject({
      carbsGrams: 17,
      bgInputMgDl: 158,
      insulinCarbRatio: null,
      recommendedUnits: null,
    });
  });

  it('splits extended boluses', async () => {
    const boluses = (await read(text)).filter((record) => record.type === 'bolus');
    // Row 3: 3.5 U in all, 1.75 U over 120 minutes; row 4: 2 U over 60 minutes, none at once.
    expect(boluses[1]).toMatchObject({
      subType: 'dual/square',
      normalUnits: 1.75,
      extendedUnits: 1.75,
      durationMs: 7_200_000,
    });
    expect(boluses[2]).toMatchObject({
      subType: 'square',
      normalUnits: null,
      extendedUnits: 2,
      durationMs: 3_600_000,
    });
    expect(boluses[3]).toMatchObject({
      normalUnits: 0.6,
      timeResolution: 'ambiguous',
      sourceCells: { 'Bolus Type': 'Automatic Correction' },
    });
  });
});

describe('Tandem Source basal file', () => {
  const text = fixtureText('tandem-source-basal-handmade.csv');

  it('reads doses as 5-minute automated basal', async () => {
    const basal = (await read(text)).filter(
      (record): record is BasalRecord & TandemRecord => record.type === 'basal',
    );
    expect(basal).toHaveLength(25);
    // 0.028 U over 5 minutes is 0.336 U/h.
    expect(basal[0]).toMatchObject({ deliveryType: 'automated', durationMs: 300_000 });
    expect(basal[0]?.rateUnitsPerHour).toBeCloseTo(0.336, 12);
    // awk sums the doses to 1.379 U.
    const total = basal.reduce(
      (sum, record) => sum + (record.rateUnitsPerHour ?? 0) * (300_000 / 3_600_000),
      0,
    );
    expect(total).toBeCloseTo(1.379, 9);
  });

  it('marks pump times in the spring gap nonexistent', async () => {
    const basal = (await read(text)).filter((record) => record.type === 'basal');
    const gap = basal.filter((record) => record.timeResolution === 'nonexistent');
    // grep -c 'T02:' gives 12; 2025-03-30 02:00–02:59 does not exist in Berlin.
    expect(gap).toHaveLength(12);
    // The offset before the gap (UTC+1) is used: 02:00:04 becomes 01:00:04 UTC.
    expect(gap[0]).toMatchObject({
      deviceTime: '2025-03-30T02:00:04',
      time: '2025-03-30T01:00:04.000Z',
      timezoneOffset: 60,
    });
  });
});

describe('Tandem Source hand-made samples', () => {
  it('reads a BG file without a final line ending', async () => {
    const records = await read(SOURCE_BG_SAMPLE);
    expect(
      records.filter((record) => record.type === 'smbg').map((record) => record.valueMgDl),
    ).toEqual([119, 136, 180]);
    expect(records.at(-1)).toMatchObject({ subType: 'manual', origin: { line: 4 } });
    expect(records[2]?.sourceCells).toEqual({ Note: 'after run' });
  });

  it('reads labels and mmol/L', async () => {
    const cbg = (await read(SOURCE_CGM_MMOL_SAMPLE)).filter((record) => record.type === 'cbg');
    expect(cbg.map((record) => [record.outOfRange, record.sourceUnits])).toEqual([
      ['low', 'mmol/L'],
      [null, 'mmol/L'],
      [null, 'mmol/L'],
      ['high', 'mmol/L'],
    ]);
    // 2.3 mmol/L × 18.01559 = 41.44 mg/dL: within the sensor's range.
    expect(cbg[1]?.valueMgDl).toBeCloseTo(41.435857, 6);
    // 5.8 mmol/L × 18.01559 = 104.490422 mg/dL.
    expect(cbg[2]?.valueMgDl).toBeCloseTo(104.490422, 6);
  });
});

describe('Tandem Source streaming', () => {
  it('yields rows before the input ends', async () => {
    const header = 'Device Type,Serial Number,Description,Event Date Time,Readings (mg/dL)\n';
    const row = 'Tandem Mobi™ System,1234567,EGV,2025-06-01T08:00:12,120\n';
    let pulled = 0;
    async function* chunks(): AsyncGenerator<string> {
      yield header;
      for (let chunk = 0; chunk < 200; chunk += 1) {
        pulled += 1;
        yield row.repeat(20);
      }
    }
    let pulledAtFirstRecord = -1;
    for await (const event of tandemSource.read(chunks(), BERLIN)) {
      if (event.kind === 'record' && pulledAtFirstRecord === -1) {
        pulledAtFirstRecord = pulled;
      }
    }
    expect(pulled).toBe(200);
    expect(pulledAtFirstRecord).toBe(1);
  });
});
