import type { CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { detectFormat, writeExport } from '../../registry.ts';
import { fixtureText, readText } from '../../test-support.ts';
import { BOLUS_HEADER, TCONNECT_EDGE_SAMPLE } from '../test-samples.ts';
import { tandemTConnect } from './index.ts';

const NEW_YORK = { timezone: 'America/New_York', fileName: 'tconnect.csv' };

/**
 * Returns a function giving the cell of a written bolus row by header name. Bolus rows hold one
 * unnamed value after IsQuickBolus, and no cell contains a comma in these tests.
 */
function bolusCellReader(row: string): (name: string) => string | undefined {
  const names = BOLUS_HEADER.split(',');
  const fields = row.split(',');
  return (name) => {
    const position = names.indexOf(name);
    return fields[position > names.indexOf('IsQuickBolus') ? position + 1 : position];
  };
}

async function roundTrip(
  text: string,
  patient: { name?: string; dateOfBirth?: string },
): Promise<{ written: string; first: CanonicalRecord[]; second: CanonicalRecord[] }> {
  const detection = detectFormat(text);
  expect(detection?.format).toBe('tandem-tconnect');
  const first = await readText(tandemTConnect, text, NEW_YORK);
  expect(first.issues).toEqual([]);
  const written = writeExport('tandem-tconnect', first.records, {
    variant: detection?.variant,
    layout: detection?.layout,
    patient,
  });
  const second = await readText(tandemTConnect, written, NEW_YORK);
  return { written, first: first.records, second: second.records };
}

const SAMPLES: [string, string, { name?: string; dateOfBirth?: string }][] = [
  [
    'sample',
    fixtureText('tandem-tconnect-legacy-multisection.csv'),
    { name: 'Sample Name', dateOfBirth: '1/1/1990' },
  ],
  ['edge sample', TCONNECT_EDGE_SAMPLE, {}],
];

describe('t:connect writer round trip', () => {
  it.each(SAMPLES)('reproduces the %s byte for byte', async (_name, text, patient) => {
    const { written } = await roundTrip(text, patient);
    expect(Buffer.from(written, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it.each(SAMPLES)('reads the same records back from the %s', async (_name, text, patient) => {
    const { first, second } = await roundTrip(text, patient);
    expect(second).toEqual(first);
  });
});

const BASE = {
  timezoneOffset: -300,
  clockDriftOffset: 0,
  conversionOffset: 0,
  timeResolution: 'exact' as const,
  deviceId: 'tandem:33333333',
  id: '',
  origin: { format: 'synthetic' },
};

describe('t:connect writer', () => {
  it('writes records from another source', () => {
    const records: CanonicalRecord[] = [
      {
        ...BASE,
        type: 'cbg',
        time: '2025-01-10T13:00:00.000Z',
        deviceTime: '2025-01-10T08:00:00',
        valueMgDl: null,
        outOfRange: 'low',
        thresholdMgDl: 40,
        sourceUnits: 'mg/dL',
      },
      {
        ...BASE,
        type: 'bolus',
        subType: 'square',
        time: '2025-01-10T13:05:00.000Z',
        deviceTime: '2025-01-10T08:05:00',
        normalUnits: null,
        extendedUnits: 2,
        durationMs: 3_600_000,
      },
      {
        ...BASE,
        type: 'food',
        time: '2025-01-10T13:05:00.000Z',
        deviceTime: '2025-01-10T08:05:00',
        carbsGrams: 30,
      },
    ];
    const lines = tandemTConnect
      .write(records, { deviceType: 't:slim X2 Insulin Pump' })
      .split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'Tandem Diabetes Care Inc.',
      't:connect Therapy Timeline Data Export',
      'Patient Name, ',
      'Patient DOB, ',
      'Report Generated On, ',
      '',
      'DeviceType,SerialNumber,Description,EventDateTime,Readings (CGM / BGM)',
    ]);
    // A low reading without its own text is written one below the 40 mg/dL threshold.
    expect(lines[7]).toBe('"t:slim X2 Insulin Pump","33333333","EGV","2025-01-10T08:00:00","39",');
    const bolus = (lines.find((line) => line.startsWith('"Bolus"')) ?? '').split(',');
    expect(bolus).toHaveLength(43);
    expect([
      bolus[0],
      bolus[1],
      bolus[7],
      bolus[17],
      bolus[22],
      bolus[27],
      bolus[36],
      bolus[41],
      bolus[42],
    ]).toEqual([
      '"Bolus"',
      '"Extended"',
      '"2.00"',
      '"2.00"',
      '"2025-01-10T08:05:00"',
      '"60"',
      '"0"',
      '""',
      '',
    ]);
    expect(lines.filter((line) => line.includes('30'))).toEqual([]);
  });

  it('writes a wizard on the row of its bolus', async () => {
    const time = { time: '2025-01-10T17:58:03.000Z', deviceTime: '2025-01-10T12:58:03' };
    const records: CanonicalRecord[] = [
      {
        ...BASE,
        ...time,
        type: 'wizard',
        carbsGrams: 35,
        recommendedUnits: 5.99,
        bgInputMgDl: 200,
        insulinOnBoardUnits: 0,
        insulinCarbRatio: 11,
      },
      {
        ...BASE,
        ...time,
        type: 'bolus',
        subType: 'normal',
        normalUnits: 6.27,
        extendedUnits: null,
        durationMs: null,
      },
      {
        ...BASE,
        type: 'wizard',
        time: '2025-01-10T20:00:00.000Z',
        deviceTime: '2025-01-10T15:00:00',
        carbsGrams: 20,
        recommendedUnits: 2,
        bgInputMgDl: null,
        insulinOnBoardUnits: null,
        insulinCarbRatio: 10,
      },
    ];
    const text = tandemTConnect.write(records, {});
    const rows = text.split('\n').filter((line) => line.startsWith('"Bolus"'));
    // The wizard without a bolus at its time has no row.
    expect(rows).toHaveLength(1);
    const cell = bolusCellReader(rows[0] ?? '');
    // 35 g ÷ 11 g/U is 3.18 U for food; the other 2.81 U of the 5.99 U are the correction.
    expect(cell('BG')).toBe('"200"');
    expect(cell('IOB')).toBe('"0.00"');
    expect(cell('CarbSize')).toBe('"35"');
    expect(cell('FoodBolusSize')).toBe('"3.18"');
    expect(cell('CorrectionBolusSize')).toBe('"2.81"');
    expect(cell('EventHistoryReportDetails')).toBe('"Carb Ratio 1:11"');
    expect(cell('InsulinDelivered')).toBe('"6.27"');

    const read = await readText(tandemTConnect, text, NEW_YORK);
    expect(read.issues).toEqual([]);
    const wizard = read.records.find((record) => record.type === 'wizard');
    expect(wizard).toMatchObject({
      ...time,
      carbsGrams: 35,
      recommendedUnits: 5.99,
      bgInputMgDl: 200,
      insulinOnBoardUnits: 0,
      insulinCarbRatio: 11,
    });
  });

  it('reads a square bolus back as square', async () => {
    const square: CanonicalRecord = {
      ...BASE,
      type: 'bolus',
      subType: 'square',
      time: '2025-01-10T13:05:00.000Z',
      deviceTime: '2025-01-10T08:05:00',
      normalUnits: null,
      extendedUnits: 2,
      durationMs: 3_600_000,
    };
    const text = tandemTConnect.write([square], {});
    const row = text.split('\n').find((line) => line.startsWith('"Bolus"')) ?? '';
    expect(bolusCellReader(row)('StandardPercent')).toBe('"0.00"');
    const read = await readText(tandemTConnect, text, NEW_YORK);
    expect(read.records.find((record) => record.type === 'bolus')).toMatchObject({
      subType: 'square',
      normalUnits: null,
      extendedUnits: 2,
      durationMs: 3_600_000,
    });
  });

  it('rejects an unknown variant', () => {
    expect(() => tandemTConnect.write([], { variant: 'source' })).toThrow(
      /Unknown t:connect variant "source"/,
    );
  });
});
