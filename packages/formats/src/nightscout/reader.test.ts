import { describe, expect, it } from 'vitest';
import { fixtureText, readText } from '../test-support.ts';
import { nightscout } from './index.ts';
import type { NightscoutPumpSettings } from './profile.ts';
import type { NightscoutRecord } from './source.ts';

const LOOP_FILE = 'nightscout-loop-entries-treatments.json';
const XDRIP_FILE = 'nightscout-xdrip-plus-array-handmade.json';
const AAPS_FILE = 'nightscout-androidaps-handmade.ndjson';
const TRIO_FILE = 'nightscout-trio-collections-handmade.json';

async function readFixture(
  name: string,
  timezone: string,
  chunkSize?: number,
): Promise<{
  records: NightscoutRecord[];
  issues: Awaited<ReturnType<typeof readText>>['issues'];
}> {
  const { records, issues } = await readText(nightscout, fixtureText(name), {
    timezone,
    fileName: name,
    ...(chunkSize === undefined ? {} : { chunkSize }),
  });
  return { records: records as NightscoutRecord[], issues };
}

function atLine(records: readonly NightscoutRecord[], line: number): NightscoutRecord[] {
  return records.filter((record) => record.origin.line === line);
}

describe('Nightscout reader on the Loop sample', () => {
  it('reads every document without issues', async () => {
    const { records, issues } = await readFixture(LOOP_FILE, 'Europe/Helsinki');
    expect(issues).toEqual([]);
    expect(records.map((record) => record.type)).toEqual([
      'cbg',
      'cbg',
      'cbg',
      'basal',
      'deviceEvent',
      'bolus',
      'food',
    ]);
  });

  it('takes the instant from date, not dateString', async () => {
    const { records } = await readFixture(LOOP_FILE, 'Europe/Helsinki');
    // date 1778284800000 is 20582 days of 86,400,000 ms: midnight of 2026-05-09 UTC, while
    // dateString gives 23:59:59.372 the day before.
    expect(records[0]).toMatchObject({
      time: '2026-05-09T00:00:00.000Z',
      timeResolution: 'utc',
      valueMgDl: 141,
      outOfRange: null,
      sourceUnits: 'mg/dL',
      trend: 'slowFall',
      rateMgDlPerMin: -1.2,
      deviceId: 'Dexcom G6 SERIAL',
    });
  });

  it('truncates fractional milliseconds in time', async () => {
    const { records } = await readFixture(LOOP_FILE, 'Europe/Helsinki');
    // 1778284500105.5488 is 299,894.4512 ms before midnight.
    expect(records[1]?.time).toBe('2026-05-08T23:55:00.105Z');
    expect(records[1]?.nightscout.document['date']).toBe(1778284500105.5488);
    expect(records[2]?.time).toBe('2026-05-08T23:49:59.907Z');
  });

  it('uses utcOffset for the device time', async () => {
    const { records } = await readFixture(LOOP_FILE, 'Europe/Helsinki');
    expect(records[1]).toMatchObject({ deviceTime: '2026-05-08T23:55:00', timezoneOffset: 0 });
    expect(records[1]?.timezone).toBeUndefined();
  });

  it('reads the treatments', async () => {
    const { records } = await readFixture(LOOP_FILE, 'UTC');
    expect(records[3]).toMatchObject({
      type: 'basal',
      deliveryType: 'temp',
      rateUnitsPerHour: 0,
      durationMs: 30 * 60_000,
      deviceId: 'loop://test-device',
      time: '2026-05-09T00:01:56.372Z',
    });
    expect(records[4]).toMatchObject({ type: 'deviceEvent', subType: 'siteChange', detail: null });
    expect(records[5]).toMatchObject({
      type: 'bolus',
      subType: 'normal',
      normalUnits: 3.4,
      extendedUnits: null,
      durationMs: null,
      insulinKind: 'Novolog',
    });
    expect(records[6]).toMatchObject({ type: 'food', carbsGrams: 35 });
  });

  it('keeps sync identifiers and provenance', async () => {
    const { records } = await readFixture(LOOP_FILE, 'UTC');
    expect(records[3]?.nightscout).toMatchObject({
      collection: 'treatments',
      syncIds: {
        _id: 'e994d29a00ff6cd7eab7eeb0',
        syncIdentifier: 'c9279c29603d0af48967bf5ded9a0db7',
      },
      deleted: false,
    });
    expect(records[3]?.origin).toEqual({
      format: 'nightscout',
      file: LOOP_FILE,
      line: 4,
      sourceRowId: 'e994d29a00ff6cd7eab7eeb0',
    });
    expect(records[0]?.nightscout.collection).toBe('entries');
  });

  it('gives the same records for any chunk size', async () => {
    const whole = await readFixture(LOOP_FILE, 'UTC');
    for (const size of [1, 13, 4096]) {
      const chunked = await readFixture(LOOP_FILE, 'UTC', size);
      expect(chunked).toEqual(whole);
    }
  });
});

describe('Nightscout reader on xDrip+ uploads', () => {
  it('reads offsets without a colon', async () => {
    // The read zone is UTC, so the -08:00 and -07:00 can only come from dateString.
    const { records, issues } = await readFixture(XDRIP_FILE, 'UTC');
    expect(issues).toEqual([]);
    expect(records[0]).toMatchObject({
      time: '2024-03-10T09:50:00.000Z',
      deviceTime: '2024-03-10T01:50:00',
      timezoneOffset: -480,
    });
    expect(records[0]?.timezone).toBeUndefined();
    expect(records[2]).toMatchObject({
      time: '2024-03-10T10:00:00.000Z',
      deviceTime: '2024-03-10T03:00:00',
      timezoneOffset: -420,
    });
  });

  it('flags 39 and 401 as out of range', async () => {
    const { records } = await readFixture(XDRIP_FILE, 'UTC');
    expect(records[1]).toMatchObject({
      type: 'cbg',
      valueMgDl: null,
      outOfRange: 'low',
      thresholdMgDl: 40,
      trend: null,
    });
    expect(records[5]).toMatchObject({
      type: 'cbg',
      valueMgDl: null,
      outOfRange: 'high',
      thresholdMgDl: 400,
      trend: null,
    });
  });

  it('reads meter and calibration entries', async () => {
    const { records } = await readFixture(XDRIP_FILE, 'UTC');
    expect(records[3]).toMatchObject({ type: 'smbg', subType: 'manual', valueMgDl: 62 });
    expect(records[4]).toMatchObject({ type: 'deviceEvent', subType: 'calibration' });
    expect(records[4]?.nightscout.document['slope']).toBe(850.4);
  });

  it('classifies treatments without an event type', async () => {
    const { records } = await readFixture(XDRIP_FILE, 'UTC');
    // Line 7: eventType "<none>", insulin 0, carbs 20: carbs only, no 0 U bolus.
    expect(atLine(records, 7).map((record) => [record.type, record.time])).toEqual([
      ['food', '2024-03-10T10:02:00.000Z'],
    ]);
    expect(atLine(records, 7)[0]).toMatchObject({ carbsGrams: 20, deviceId: 'xdrip' });
    // Line 8: no eventType member, insulin 2.5, carbs 0: a bolus only.
    expect(atLine(records, 8)).toEqual([
      expect.objectContaining({ type: 'bolus', normalUnits: 2.5, subType: 'normal' }),
    ]);
    // Line 9: no eventType, zeros and notes: a note.
    expect(atLine(records, 9)).toEqual([
      expect.objectContaining({ type: 'deviceEvent', subType: 'note', detail: null }),
    ]);
    // Line 10: Sensor Start with insulin 0 and carbs 0: the event alone.
    expect(atLine(records, 10)).toEqual([
      expect.objectContaining({ type: 'deviceEvent', subType: 'sensorStart' }),
    ]);
  });

  it('takes the local clock of treatments from sysTime', async () => {
    const { records } = await readFixture(XDRIP_FILE, 'UTC');
    expect(atLine(records, 8)[0]).toMatchObject({
      time: '2024-03-10T19:15:00.000Z',
      deviceTime: '2024-03-10T12:15:00',
      timezoneOffset: -420,
    });
    expect(atLine(records, 8)[0]?.nightscout.syncIds).toEqual({
      uuid: 'c41e8a02-6b7d-4f3a-8e95-1d2c3b4a5f60',
    });
  });
});

describe('Nightscout reader on AndroidAPS NDJSON', () => {
  it('numbers documents by their line', async () => {
    const { records } = await readFixture(AAPS_FILE, 'Europe/Prague');
    expect([...new Set(records.map((record) => record.origin.line))]).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
  });

  it('marks a deletion and warns about it', async () => {
    const { records, issues } = await readFixture(AAPS_FILE, 'Europe/Prague');
    expect(issues).toEqual([
      {
        file: AAPS_FILE,
        line: 8,
        column: 'isValid',
        value: 'false',
        message:
          'Deleted item (isValid false). Its records are marked nightscout.deleted: apply them as deletions, not as data.',
        severity: 'warning',
      },
    ]);
    const deleted = records.filter((record) => record.nightscout.deleted);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ type: 'bolus', normalUnits: 0.6 });
    expect(deleted[0]?.nightscout.syncIds).toEqual({
      _id: '671d94a4c1f2e3a4b5c6d7e8',
      pumpId: 4153,
      pumpType: 'OMNIPOD_DASH',
      pumpSerial: '4241-0101',
    });
  });

  it('keeps a 0 U bolus distinct from none', async () => {
    const { records } = await readFixture(AAPS_FILE, 'Europe/Prague');
    expect(atLine(records, 6)).toEqual([
      expect.objectContaining({ type: 'bolus', normalUnits: 0, subType: 'normal' }),
    ]);
  });

  it('names the pump as device', async () => {
    const { records } = await readFixture(AAPS_FILE, 'Europe/Prague');
    expect(atLine(records, 3)[0]?.deviceId).toBe('OMNIPOD_DASH:4241-0101');
    expect(atLine(records, 12)[0]?.deviceId).toBe('openaps://samsung SM-A546B');
  });

  it('resolves treatments without an offset in the read zone', async () => {
    const { records } = await readFixture(AAPS_FILE, 'Europe/Prague');
    // Prague left summer time at 01:00 UTC on 2024-10-27.
    expect(atLine(records, 3)[0]).toMatchObject({
      time: '2024-10-27T00:45:00.000Z',
      deviceTime: '2024-10-27T02:45:00',
      timezoneOffset: 120,
      timezone: 'Europe/Prague',
    });
    expect(atLine(records, 5)[0]).toMatchObject({
      time: '2024-10-27T01:05:00.000Z',
      deviceTime: '2024-10-27T02:05:00',
      timezoneOffset: 60,
    });
  });

  it('reads entries with utcOffset', async () => {
    const { records } = await readFixture(AAPS_FILE, 'UTC');
    expect(records[0]).toMatchObject({ deviceTime: '2024-10-27T02:40:00', timezoneOffset: 120 });
    expect(records[1]).toMatchObject({
      time: '2024-10-27T01:10:00.000Z',
      deviceTime: '2024-10-27T02:10:00',
      timezoneOffset: 60,
      trend: null,
    });
    expect(records[1]?.nightscout.syncIds).toEqual({
      identifier: '9b2d4e6f-1a3c-4e5f-8a7b-2c4d6e8f0a13',
    });
  });

  it('reads a percent temp basal and a priming bolus', async () => {
    const { records } = await readFixture(AAPS_FILE, 'Europe/Prague');
    expect(atLine(records, 7)).toEqual([
      expect.objectContaining({
        type: 'basal',
        deliveryType: 'temp',
        rateUnitsPerHour: 0.56,
        durationMs: 1_800_000,
      }),
    ]);
    expect(atLine(records, 9)).toEqual([
      expect.objectContaining({ type: 'deviceEvent', subType: 'prime' }),
    ]);
  });

  it('reads a temporary target and a device status', async () => {
    const { records } = await readFixture(AAPS_FILE, 'Europe/Prague');
    expect(atLine(records, 11)[0]).toMatchObject({
      type: 'deviceEvent',
      subType: 'temporaryTarget',
      detail: 'Eating Soon',
      durationMs: 45 * 60_000,
    });
    expect(atLine(records, 12)[0]).toMatchObject({
      type: 'deviceEvent',
      subType: 'status',
      detail: 'openaps',
    });
    expect((atLine(records, 12)[0] as NightscoutRecord).nightscout.collection).toBe('devicestatus');
  });
});

describe('Nightscout reader on Trio collections', () => {
  it('reads a fractional date in the read zone', async () => {
    const { records, issues } = await readFixture(TRIO_FILE, 'Europe/Berlin');
    expect(issues).toEqual([]);
    expect(records[0]).toMatchObject({
      time: '2025-06-14T10:05:00.123Z',
      deviceTime: '2025-06-14T12:05:00',
      timezoneOffset: 120,
      timezone: 'Europe/Berlin',
      trend: 'constant',
    });
    expect(records[1]).toMatchObject({ valueMgDl: 138, trend: null });
  });

  it('splits a meal bolus into bolus and carbs', async () => {
    const { records } = await readFixture(TRIO_FILE, 'Europe/Berlin');
    const meal = atLine(records, 3);
    expect(meal.map((record) => record.type)).toEqual(['bolus', 'food']);
    expect(meal[0]).toMatchObject({ normalUnits: 3.2 });
    expect(meal[1]).toMatchObject({ carbsGrams: 45 });
    expect(meal[0]?.id).not.toBe(meal[1]?.id);
  });

  it('converts a mmol/L fingerstick', async () => {
    const { records } = await readFixture(TRIO_FILE, 'Europe/Berlin');
    const [check] = atLine(records, 5);
    expect(check).toMatchObject({ type: 'smbg', subType: 'manual', sourceUnits: 'mmol/L' });
    // 6.2 mmol/L × 18.01559 = 111.696658 mg/dL.
    expect((check as { valueMgDl: number }).valueMgDl).toBeCloseTo(111.696658, 6);
  });

  it('reads exercise and notes', async () => {
    const { records } = await readFixture(TRIO_FILE, 'Europe/Berlin');
    expect(atLine(records, 6)[0]).toMatchObject({ subType: 'exercise', durationMs: 45 * 60_000 });
    expect(atLine(records, 7)[0]).toMatchObject({ subType: 'note', detail: null });
  });

  it('reads the profile as pump settings', async () => {
    const { records } = await readFixture(TRIO_FILE, 'Europe/Berlin');
    const profile = records.find((record) => record.type === 'pumpSettings');
    expect(profile).toMatchObject({ time: '2025-06-01T00:00:00.000Z', deviceId: 'Trio' });

    const settings = (profile as unknown as { settings: NightscoutPumpSettings }).settings;
    expect(settings).toMatchObject({
      activeSchedule: 'default',
      units: { bg: 'mmol/L', carb: 'grams' },
      basalSchedules: {
        default: [
          { startMs: 0, value: 0.8 },
          { startMs: 6 * 3_600_000, value: 1.05 },
          { startMs: 22 * 3_600_000, value: 0.9 },
        ],
      },
      carbRatios: {
        default: [
          { startMs: 0, value: 10 },
          { startMs: 11 * 3_600_000, value: 12 },
        ],
      },
      insulinActionHours: { default: 6 },
      timezones: { default: 'Europe/Berlin' },
    });

    // 2.5, 5.5 and 6 mmol/L at 18.01559 mg/dL each.
    const [sensitivity] = settings.insulinSensitivities['default'] ?? [];
    expect(sensitivity?.value).toBeCloseTo(45.038975, 6);

    const [target] = settings.bgTargets['default'] ?? [];
    if (target === undefined) {
      throw new Error('The profile has no target range.');
    }
    expect(target.startMs).toBe(0);
    expect(target.value.lowMgDl).toBeCloseTo(99.085745, 6);
    expect(target.value.highMgDl).toBeCloseTo(108.09354, 6);
  });

  it('reads the device status', async () => {
    const { records } = await readFixture(TRIO_FILE, 'Europe/Berlin');
    const status = records.find((record) => record.nightscout.collection === 'devicestatus');
    expect(status).toMatchObject({
      type: 'deviceEvent',
      subType: 'status',
      detail: 'openaps',
      deviceId: 'Trio',
      time: '2025-06-14T10:15:00.000Z',
    });
  });
});
