import type {
  BasalRecord,
  BolusRecord,
  CanonicalRecord,
  CbgRecord,
  SmbgRecord,
  WizardRecord,
} from '@phoenix/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExportFile } from '../registry.ts';
import { fixturePath } from '../test-support.ts';

const GERMAN = 'glooko-de-mgdl.zip';
const ENGLISH = 'glooko-en-mmol-infozip.zip';
const SERIAL = '00000000-000000001';

function ofType<T extends CanonicalRecord>(records: CanonicalRecord[], type: T['type']): T[] {
  return records.filter((record): record is T => record.type === type);
}

describe('Glooko reader on the German archive', () => {
  let records: CanonicalRecord[];

  beforeAll(async () => {
    const result = await readExportFile(fixturePath(GERMAN), { timezone: 'Europe/Berlin' });
    expect(result.format).toBe('glooko');
    expect(result.variant).toBe('de');
    expect(result.issues).toEqual([]);
    records = result.records;
  });

  it('reads every table', () => {
    // Data rows of the hand-made tables: cgm 6, bg 2, carbs 1, alarms 2, bolus 4 (three with
    // calculator input), basal 2, daily totals none.
    expect(ofType(records, 'cbg')).toHaveLength(6);
    expect(ofType(records, 'smbg')).toHaveLength(2);
    expect(ofType(records, 'food')).toHaveLength(1);
    expect(ofType(records, 'deviceEvent')).toHaveLength(2);
    expect(ofType(records, 'bolus')).toHaveLength(4);
    expect(ofType(records, 'wizard')).toHaveLength(3);
    expect(ofType(records, 'basal')).toHaveLength(2);
    expect(records).toHaveLength(20);
  });

  it('reads the newest reading first', () => {
    // 03:05 on 26 October 2025 is after the clocks went back, so CET (UTC+1).
    expect(records[0]).toMatchObject({
      type: 'cbg',
      deviceTime: '2025-10-26T03:05:00',
      time: '2025-10-26T02:05:00.000Z',
      timeResolution: 'exact',
      valueMgDl: 160,
      sourceUnits: 'mg/dL',
      deviceId: `glooko:${SERIAL}`,
      origin: { format: 'glooko', file: `${GERMAN}:cgm_data_1.csv`, line: 3 },
    });
  });

  it('flags the repeated hour as ambiguous', () => {
    const ambiguous = ofType<CbgRecord>(records, 'cbg').filter(
      (record) => record.timeResolution === 'ambiguous',
    );
    // 02:55 read as CEST (UTC+2), the earlier of its two instants.
    expect(ambiguous.map((record) => record.time)).toEqual([
      '2025-10-26T00:55:00.000Z',
      '2025-10-26T00:50:00.000Z',
      '2025-10-26T00:45:00.000Z',
    ]);
  });

  it('reads meter readings as manual or linked', () => {
    expect(
      ofType<SmbgRecord>(records, 'smbg').map((record) => [record.subType, record.valueMgDl]),
    ).toEqual([
      ['manual', 72],
      ['linked', 180],
    ]);
  });

  it('reads boluses with their calculator input', () => {
    const boluses = ofType<BolusRecord>(records, 'bolus');
    expect(
      boluses.map((record) => [record.subType, record.normalUnits, record.extendedUnits]),
    ).toEqual([
      ['normal', 2, null],
      ['normal', 6, null],
      ['dual/square', 4, 2.5],
      ['normal', 1.25, null],
    ]);
    expect(boluses.every((record) => record.insulinKind === 'Normal')).toBe(true);
    const wizards = ofType<WizardRecord>(records, 'wizard');
    expect(wizards[2]).toMatchObject({
      carbsGrams: 60,
      bgInputMgDl: 124,
      insulinCarbRatio: 10,
      recommendedUnits: null,
      time: boluses[2]?.time,
      origin: boluses[2]?.origin,
    });
  });

  it('reads basal rates in U/h and durations in minutes', () => {
    expect(
      ofType<BasalRecord>(records, 'basal').map((record) => [
        record.deliveryType,
        record.rateUnitsPerHour,
        record.durationMs,
      ]),
    ).toEqual([
      ['scheduled', 0.7, 7 * 60_000],
      ['scheduled', 0.85, 192 * 60_000],
    ]);
  });

  it('reads carbohydrates and alarms', () => {
    expect(ofType(records, 'food')).toMatchObject([{ carbsGrams: 45, deviceId: 'glooko:unknown' }]);
    expect(ofType(records, 'deviceEvent')).toMatchObject([
      { subType: 'alarm', detail: 'Pod läuft bald ab' },
      { subType: 'alarm', detail: 'Pod läuft zum vom Benutzer festgelegten Zeitpunkt ab' },
    ]);
    expect(records.find((record) => record.type === 'basal')?.origin.file).toBe(
      `${GERMAN}:Insulin data/basal_data_1.csv`,
    );
  });

  it('gives unique identity hashes', () => {
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
  });
});

describe('Glooko reader on an Info-ZIP archive', () => {
  // Zipped by Info-ZIP through a pipe: deflated entries with data descriptors and a folder entry.
  let records: CanonicalRecord[];

  beforeAll(async () => {
    const result = await readExportFile(fixturePath(ENGLISH), { timezone: 'Europe/London' });
    expect(result.variant).toBe('en-mmol');
    expect(result.issues).toEqual([]);
    records = result.records;
  });

  it('reads both CGM files in order', () => {
    const cbg = ofType<CbgRecord>(records, 'cbg');
    expect(cbg.map((record) => record.origin.file)).toEqual([
      ...Array(5).fill(`${ENGLISH}:cgm_data_1.csv`),
      `${ENGLISH}:cgm_data_2.csv`,
      `${ENGLISH}:cgm_data_2.csv`,
    ]);
    // 6.66 mmol/L × 18.01559 = 119.9838294 mg/dL.
    expect(cbg[3]?.valueMgDl).toBeCloseTo(119.9838294, 6);
    expect(cbg[3]?.sourceUnits).toBe('mmol/L');
  });

  it('flags the spring gap as nonexistent', () => {
    // 01:30 on 30 March 2025 does not exist in London; read with the offset before the gap, 0.
    const gap = records.filter((record) => record.timeResolution === 'nonexistent');
    expect(gap.map((record) => [record.deviceTime, record.time])).toEqual([
      ['2025-03-30T01:30:00', '2025-03-30T01:30:00.000Z'],
    ]);
  });

  it('converts calculator glucose from mmol/L', () => {
    const [wizard] = ofType<WizardRecord>(records, 'wizard');
    // 5.8 mmol/L × 18.01559 = 104.490422 mg/dL.
    expect(wizard?.bgInputMgDl).toBeCloseTo(104.490422, 6);
    expect(wizard).toMatchObject({ carbsGrams: 30, insulinCarbRatio: 10 });
    expect(ofType<BasalRecord>(records, 'basal').map((record) => record.deliveryType)).toEqual([
      'scheduled',
      'temp',
    ]);
  });
});

describe('Glooko reader on one table', () => {
  it('reads a table taken out of an archive', async () => {
    const path = fixturePath('glooko-de-mgdl/Insulin data/bolus_data_1.csv');
    const result = await readExportFile(path, { timezone: 'Europe/Berlin' });
    expect(result).toMatchObject({ format: 'glooko', variant: 'de', issues: [] });
    expect(result.records.map((record) => record.type)).toEqual([
      'bolus',
      'wizard',
      'bolus',
      'wizard',
      'bolus',
      'wizard',
      'bolus',
    ]);
    expect(result.records[0]?.origin).toEqual({
      format: 'glooko',
      file: 'bolus_data_1.csv',
      line: 3,
    });
  });
});
