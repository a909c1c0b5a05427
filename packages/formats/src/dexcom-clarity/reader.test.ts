import type {
  BolusRecord,
  CanonicalRecord,
  CbgRecord,
  DeviceEventRecord,
  FoodRecord,
  SettingsRecord,
  SmbgRecord,
} from '@phoenix/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExportFile } from '../registry.ts';
import { fixturePath, fixtureText, readText } from '../test-support.ts';
import { dexcomClarity } from './index.ts';

const TWO_WEEKS = 'dexcom-clarity-g6-2019-two-weeks.csv';

// Counted independently with grep and awk on the file:
// `grep -c ',EGV,'` = 3913, of which `,EGV,Low,` 2 and `,EGV,High,` 13;
// `grep -c ',Calibration,'` = 9; Insulin 73 (49 Fast-Acting, 24 Long-Acting); Carbs 4; Exercise 3.
const CBG_COUNT = 3913;
const LOW_COUNT = 2;
const HIGH_COUNT = 13;

let records: CanonicalRecord[];
const ofType = <T extends CanonicalRecord>(type: T['type']): T[] =>
  records.filter((record): record is T => record.type === type);

beforeAll(async () => {
  const result = await readExportFile(fixturePath(TWO_WEEKS), { timezone: 'Europe/Helsinki' });
  expect(result.issues).toEqual([]);
  records = result.records;
});

describe('Clarity reader on the two-week G6 file', () => {
  it('reads every row type', () => {
    expect(ofType<CbgRecord>('cbg')).toHaveLength(CBG_COUNT);
    expect(ofType<SmbgRecord>('smbg')).toHaveLength(9);
    expect(ofType<BolusRecord>('bolus')).toHaveLength(73);
    expect(ofType<FoodRecord>('food')).toHaveLength(4);
    expect(ofType<DeviceEventRecord>('deviceEvent')).toHaveLength(3);
    expect(ofType<SettingsRecord>('cgmSettings')).toHaveLength(1);
    expect(records).toHaveLength(CBG_COUNT + 9 + 73 + 4 + 3 + 1);
  });

  it('reads the first reading', () => {
    const first = ofType<CbgRecord>('cbg')[0];
    expect(first).toMatchObject({
      deviceTime: '2019-10-14T16:42:37',
      time: '2019-10-14T13:42:37.000Z',
      timezoneOffset: 180,
      timezone: 'Europe/Helsinki',
      timeResolution: 'exact',
      valueMgDl: 55,
      outOfRange: null,
      sourceUnits: 'mg/dL',
      transmitterTimeSec: 7573,
      transmitterId: '8AB12C',
      deviceId: 'dexcom-g6:8AB12C',
      origin: { format: 'dexcom-clarity', file: TWO_WEEKS, line: 12, sourceRowId: '11' },
    });
  });

  it('flags Low and High with thresholds', () => {
    const cbg = ofType<CbgRecord>('cbg');
    const low = cbg.filter((record) => record.outOfRange === 'low');
    const high = cbg.filter((record) => record.outOfRange === 'high');
    expect(low).toHaveLength(LOW_COUNT);
    expect(high).toHaveLength(HIGH_COUNT);
    expect(low.map((record) => record.deviceTime)).toEqual([
      '2019-10-15T21:42:33',
      '2019-10-15T21:47:34',
    ]);
    for (const record of [...low, ...high]) {
      expect(record.valueMgDl).toBeNull();
      expect(record.thresholdMgDl).toBe(record.outOfRange === 'low' ? 40 : 400);
    }
  });

  it('resolves the repeated hour by transmitter clock', () => {
    const inHour = ofType<CbgRecord>('cbg')
      .filter((record) => record.deviceTime.startsWith('2019-10-27T03:'))
      .sort((a, b) => (a.transmitterTimeSec ?? 0) - (b.transmitterTimeSec ?? 0));
    expect(inHour).toHaveLength(24);
    expect(inHour.every((record) => record.timeResolution === 'resolved')).toBe(true);

    const firstPass = inHour.slice(0, 12);
    const secondPass = inHour.slice(12);
    expect(firstPass.every((record) => record.timezoneOffset === 180)).toBe(true);
    expect(secondPass.every((record) => record.timezoneOffset === 120)).toBe(true);
    expect(firstPass[0]?.time).toBe('2019-10-27T00:02:18.000Z');
    expect(secondPass[0]?.time).toBe('2019-10-27T01:02:18.000Z');
    expect(secondPass[11]?.time).toBe('2019-10-27T01:57:19.000Z');

    const times = inHour.map((record) => Date.parse(record.time));
    expect(new Set(times).size).toBe(24);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (let i = 0; i < 12; i++) {
      const gapSec = ((times[i + 12] ?? 0) - (times[i] ?? 0)) / 1000;
      expect(Math.abs(gapSec - 3600)).toBeLessThanOrEqual(2);
    }
  });

  it('keeps UTC and transmitter clocks in step', () => {
    // Across the whole file, UTC seconds minus transmitter seconds stays within a few seconds.
    const differences = ofType<CbgRecord>('cbg').map(
      (record) => Date.parse(record.time) / 1000 - (record.transmitterTimeSec ?? Number.NaN),
    );
    const spread = Math.max(...differences) - Math.min(...differences);
    expect(spread).toBeLessThan(30);
  });

  it('reads calibrations as smbg', () => {
    const calibrations = ofType<SmbgRecord>('smbg');
    expect(calibrations.map((record) => record.valueMgDl)).toEqual([
      93, 119, 91, 93, 99, 78, 123, 97, 83,
    ]);
    expect(calibrations.every((record) => record.subType === 'calibration')).toBe(true);
    expect(calibrations[0]).toMatchObject({
      deviceTime: '2019-10-14T16:53:05',
      transmitterId: '8AB12C',
      deviceId: 'dexcom-g6:8AB12C',
    });
  });

  it('reads insulin, carbs and exercise', () => {
    const boluses = ofType<BolusRecord>('bolus');
    expect(boluses.filter((record) => record.insulinKind === 'Fast-Acting')).toHaveLength(49);
    expect(boluses.filter((record) => record.insulinKind === 'Long-Acting')).toHaveLength(24);
    expect(boluses[0]).toMatchObject({
      deviceTime: '2019-10-14T20:35:00',
      normalUnits: 12,
      subType: 'normal',
    });
    // Insulin rows carry no transmitter ID and take the last one seen.
    expect(boluses[0]?.deviceId).toBe('dexcom-g6:8AB12C');

    expect(ofType<FoodRecord>('food').map((record) => record.carbsGrams)).toEqual([15, 15, 15, 80]);
    const exercise = ofType<DeviceEventRecord>('deviceEvent')[0];
    expect(exercise).toMatchObject({
      subType: 'exercise',
      detail: 'Light',
      durationMs: 45 * 60_000,
    });
  });

  it('keeps alert settings and the device, not names', () => {
    const [settings] = ofType<SettingsRecord>('cgmSettings');
    expect(settings?.settings).toEqual({
      deviceName: 'Dexcom G6 Mobile App',
      sourceDeviceId: 'Android G6',
      patientInfoRows: ['FirstName', 'LastName'],
      units: 'mg/dL',
      alerts: [
        { name: 'Fall', thresholdMgDl: null, rateMgDlPerMin: 3, durationMs: null },
        { name: 'High', thresholdMgDl: 270, rateMgDlPerMin: null, durationMs: null },
        { name: 'Low', thresholdMgDl: 70, rateMgDlPerMin: null, durationMs: null },
        { name: 'Signal Loss', thresholdMgDl: null, rateMgDlPerMin: null, durationMs: 20 * 60_000 },
        { name: 'Rise', thresholdMgDl: null, rateMgDlPerMin: 3, durationMs: null },
        { name: 'Urgent Low', thresholdMgDl: 55, rateMgDlPerMin: null, durationMs: null },
        { name: 'Urgent Low Soon', thresholdMgDl: 55, rateMgDlPerMin: null, durationMs: null },
      ],
    });
    expect(settings?.origin).toMatchObject({ line: 2, sourceRowId: '1' });
    expect(settings?.time).toBe('2019-10-14T13:42:37.000Z');
    // The FirstName row's Patient Info contains the placeholder name "Patient".
    expect(JSON.stringify(records)).not.toContain('"Patient"');
  });

  it('gives unique identity hashes', () => {
    const ids = records.map((record) => record.id);
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(records.length);
  });

  it('gives the same hashes on a second read', async () => {
    const again = await readExportFile(fixturePath(TWO_WEEKS), { timezone: 'Europe/Helsinki' });
    expect(again.records.map((record) => record.id)).toEqual(records.map((record) => record.id));
  });

  it('keeps file order and line numbers', () => {
    const lines = records.map((record) => record.origin.line ?? 0);
    expect(lines[0]).toBe(2);
    expect(lines.slice(1)).toEqual(Array.from({ length: records.length - 1 }, (_, i) => i + 12));
  });
});

describe('Clarity reader starting in the repeated hour', () => {
  it('resolves rows from a later exact row', async () => {
    // Preamble (lines 1-11) then file lines 3516-3550: 03:02:18 first pass up to 04:57:19.
    const lines = fixtureText(TWO_WEEKS).split('\n');
    const text = [...lines.slice(0, 11), ...lines.slice(3515, 3550), ''].join('\n');
    const result = await readText(dexcomClarity, text, { timezone: 'Europe/Helsinki' });
    expect(result.issues).toEqual([]);
    expect(result.records[0]?.type).toBe('cgmSettings');
    const cbg = result.records.filter((record): record is CbgRecord => record.type === 'cbg');
    expect(cbg.map((record) => record.origin.line)).toEqual(
      Array.from({ length: 35 }, (_, i) => i + 12),
    );
    expect(cbg.filter((record) => record.timeResolution === 'resolved')).toHaveLength(24);
    expect(cbg[0]?.time).toBe('2019-10-27T00:02:18.000Z');
    expect(cbg[1]?.time).toBe('2019-10-27T01:02:18.000Z');
  });
});
