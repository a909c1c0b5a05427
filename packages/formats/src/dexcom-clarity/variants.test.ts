import type { CbgRecord, DeviceEventRecord, SettingsRecord, SmbgRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../registry.ts';
import { fixtureText, readText } from '../test-support.ts';
import { dexcomClarity } from './index.ts';
import { GERMAN_SAMPLE, MMOL_SAMPLE, TWELVE_COLUMN_SAMPLE } from './test-samples.ts';

const HELSINKI = { timezone: 'Europe/Helsinki' };

describe('Clarity detection', () => {
  it('names the variant of each sample', () => {
    const detect = (text: string): string | undefined => detectFormat(text)?.variant;
    expect(detect(fixtureText('dexcom-clarity-g6-2019-two-weeks.csv'))).toBe('en');
    expect(detect(fixtureText('dexcom-clarity-g7-quoted.csv'))).toBe('en');
    expect(detect(GERMAN_SAMPLE)).toBe('de');
    expect(detect(MMOL_SAMPLE)).toBe('en-mmol');
    expect(detect(TWELVE_COLUMN_SAMPLE)).toBe('en-12col');
  });

  it('reports the layout of the quoted G7 sample', () => {
    expect(detectFormat(fixtureText('dexcom-clarity-g7-quoted.csv'))).toEqual({
      format: 'dexcom-clarity',
      variant: 'en',
      layout: { separator: ',', quoteAll: true, bom: false, lineEnding: '\n' },
    });
  });
});

describe('Clarity G6 excerpt', () => {
  it('reads the excerpt rows', async () => {
    const text = fixtureText('dexcom-clarity-g6-bom-dst-fallback-lowhigh.csv');
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues).toEqual([]);
    // grep: 44 EGV rows (2 Low, 4 High), 2 calibrations, 1 insulin row, plus the settings.
    const cbg = records.filter((record): record is CbgRecord => record.type === 'cbg');
    expect(cbg).toHaveLength(44);
    expect(cbg.filter((record) => record.outOfRange === 'low')).toHaveLength(2);
    expect(cbg.filter((record) => record.outOfRange === 'high')).toHaveLength(4);
    expect(records.filter((record) => record.type === 'smbg')).toHaveLength(2);
    expect(records.filter((record) => record.type === 'bolus')).toHaveLength(1);
    expect(records).toHaveLength(48);
    expect(cbg.filter((record) => record.timeResolution === 'resolved')).toHaveLength(24);
  });

  it('keeps the Index column of a file with gaps', async () => {
    const text = fixtureText('dexcom-clarity-g6-bom-dst-fallback-lowhigh.csv');
    const { records } = await readText(dexcomClarity, text, HELSINKI);
    const low = records.find((record) => record.type === 'cbg' && record.outOfRange === 'low');
    expect(low?.origin).toMatchObject({ line: 15, sourceRowId: '352' });
  });
});

describe('Clarity G7 quoted sample', () => {
  it('reads quoted rows of 13 and 14 fields', async () => {
    const { records, issues } = await readText(
      dexcomClarity,
      fixtureText('dexcom-clarity-g7-quoted.csv'),
      {
        timezone: 'America/New_York',
      },
    );
    expect(issues).toEqual([]);
    const cbg = records.filter((record): record is CbgRecord => record.type === 'cbg');
    expect(cbg).toHaveLength(20);
    expect(cbg[0]).toMatchObject({
      deviceTime: '2025-11-21T00:17:19',
      time: '2025-11-21T05:17:19.000Z',
      timezoneOffset: -300,
      valueMgDl: 94,
      transmitterTimeSec: 1713,
      deviceId: 'dexcom-g7:109395413070',
    });
    const settings = records.find(
      (record): record is SettingsRecord => record.type === 'cgmSettings',
    );
    expect(settings?.settings['deviceName']).toBe('Dexcom G7 Mobile App');
    expect(JSON.stringify(records)).not.toContain('XXX');
  });
});

describe('Clarity German variant', () => {
  it('reads translated headers, names and decimal commas', async () => {
    const { records, issues } = await readText(dexcomClarity, GERMAN_SAMPLE, HELSINKI);
    expect(issues).toEqual([]);
    const cbg = records.filter((record): record is CbgRecord => record.type === 'cbg');
    expect(cbg.map((record) => record.valueMgDl)).toEqual([120, 118, 90, null]);
    expect(cbg[0]?.rateMgDlPerMin).toBe(-1.5);
    expect(cbg[3]).toMatchObject({ outOfRange: 'low', thresholdMgDl: 40 });
    expect(records.find((record) => record.type === 'bolus')).toMatchObject({
      normalUnits: 2.5,
      insulinKind: 'Schnell wirkend',
    });
    const alarm = records.find(
      (record): record is DeviceEventRecord => record.type === 'deviceEvent',
    );
    expect(alarm).toMatchObject({ subType: 'alarm', detail: 'Dringend niedrig', valueMgDl: 54 });
  });

  it('resolves the repeated hour and flags rows without a clock', async () => {
    const { records } = await readText(dexcomClarity, GERMAN_SAMPLE, HELSINKI);
    const byLine = new Map(records.map((record) => [record.origin.line, record]));
    // 03:02:18 and 03:02:19: transmitter seconds 1081573 and 1085174 lie 3,601 s apart.
    expect(byLine.get(6)).toMatchObject({
      time: '2019-10-27T00:02:18.000Z',
      timeResolution: 'resolved',
    });
    expect(byLine.get(7)).toMatchObject({
      time: '2019-10-27T01:02:19.000Z',
      timeResolution: 'resolved',
    });
    // Insulin and alerts carry no transmitter time: the earlier instant, flagged ambiguous.
    expect(byLine.get(8)).toMatchObject({
      time: '2019-10-27T00:05:00.000Z',
      timeResolution: 'ambiguous',
    });
    expect(byLine.get(9)?.timeResolution).toBe('ambiguous');
  });
});

describe('Clarity mmol/L variant', () => {
  it('converts glucose and rates to mg/dL', async () => {
    const { records, issues } = await readText(dexcomClarity, MMOL_SAMPLE, HELSINKI);
    expect(issues).toEqual([]);
    const [egv] = records.filter((record): record is CbgRecord => record.type === 'cbg');
    // 5.8 × 18.01559 = 104.490422
    expect(egv?.valueMgDl).toBeCloseTo(104.490422, 6);
    expect(egv?.sourceUnits).toBe('mmol/L');
    const calibration = records.find((record): record is SmbgRecord => record.type === 'smbg');
    expect(calibration?.valueMgDl).toBeCloseTo(109.895099, 6);
    const settings = records.find(
      (record): record is SettingsRecord => record.type === 'cgmSettings',
    );
    const alerts = settings?.settings['alerts'] as {
      thresholdMgDl: number | null;
      rateMgDlPerMin: number | null;
    }[];
    expect(alerts[0]?.thresholdMgDl).toBeCloseTo(70.260801, 6);
    expect(alerts[1]?.rateMgDlPerMin).toBeCloseTo(3.603118, 6);
  });
});

describe('Clarity 12-column variant', () => {
  it('reads rows without transmitter columns', async () => {
    const { records, issues } = await readText(dexcomClarity, TWELVE_COLUMN_SAMPLE, HELSINKI);
    expect(issues).toEqual([]);
    const cbg = records.filter((record): record is CbgRecord => record.type === 'cbg');
    expect(cbg).toHaveLength(2);
    // 2018-10-28 03:30 repeats in Helsinki and nothing in the row decides it.
    expect(cbg[0]).toMatchObject({
      time: '2018-10-28T00:30:00.000Z',
      timeResolution: 'ambiguous',
      deviceId: 'dexcom-g5:iOS G5',
      transmitterId: null,
      transmitterTimeSec: null,
    });
    expect(cbg[1]?.rateMgDlPerMin).toBe(-1.5);
    expect(records.find((record) => record.type === 'food')).toMatchObject({
      carbsGrams: 30,
      time: '2018-10-28T02:05:00.000Z',
      timeResolution: 'exact',
    });
  });
});
