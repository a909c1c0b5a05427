import type { CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { detectFormat, writeExport } from '../../registry.ts';
import { fixtureText, readText } from '../../test-support.ts';
import { SOURCE_BG_SAMPLE, SOURCE_CGM_MMOL_SAMPLE } from '../test-samples.ts';
import { tandemSource } from './index.ts';

const BERLIN = { timezone: 'Europe/Berlin', fileName: 'source.csv' };

async function roundTrip(
  text: string,
  finalLineEnding = true,
): Promise<{ written: string; first: CanonicalRecord[]; second: CanonicalRecord[] }> {
  const detection = detectFormat(text);
  expect(detection?.format).toBe('tandem-source');
  const first = await readText(tandemSource, text, BERLIN);
  expect(first.issues).toEqual([]);
  const written = writeExport('tandem-source', first.records, {
    variant: detection?.variant,
    layout: detection?.layout,
    finalLineEnding,
  });
  const second = await readText(tandemSource, written, BERLIN);
  return { written, first: first.records, second: second.records };
}

const SAMPLES: [string, string, boolean][] = [
  ['CGM file', fixtureText('tandem-source-cgm-handmade.csv'), true],
  ['bolus file', fixtureText('tandem-source-bolus-handmade.csv'), true],
  ['basal file', fixtureText('tandem-source-basal-handmade.csv'), true],
  ['BG file without final line ending', SOURCE_BG_SAMPLE, false],
  ['CGM file in mmol/L', SOURCE_CGM_MMOL_SAMPLE, true],
];

describe('Tandem Source writer round trip', () => {
  it.each(SAMPLES)('reproduces the %s byte for byte', async (_name, text, finalLineEnding) => {
    const { written } = await roundTrip(text, finalLineEnding);
    expect(Buffer.from(written, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it.each(SAMPLES)(
    'reads the same records back from the %s',
    async (_name, text, finalLineEnding) => {
      const { first, second } = await roundTrip(text, finalLineEnding);
      expect(second).toEqual(first);
    },
  );
});

const BASE = {
  timezoneOffset: 60,
  clockDriftOffset: 0,
  conversionOffset: 0,
  timeResolution: 'exact' as const,
  deviceId: 'tandem:7654321',
  id: '',
  origin: { format: 'synthetic' },
};

const FOREIGN: CanonicalRecord[] = [
  {
    ...BASE,
    type: 'cbg',
    time: '2025-01-10T07:00:00.000Z',
    deviceTime: '2025-01-10T08:00:00',
    valueMgDl: null,
    outOfRange: 'high',
    thresholdMgDl: 400,
    sourceUnits: 'mg/dL',
  },
  {
    ...BASE,
    type: 'basal',
    deliveryType: 'scheduled',
    time: '2025-01-10T07:00:00.000Z',
    deviceTime: '2025-01-10T08:00:00',
    rateUnitsPerHour: 0.85,
    durationMs: 3_600_000,
  },
  {
    ...BASE,
    type: 'bolus',
    subType: 'dual/square',
    time: '2025-01-10T07:05:00.000Z',
    deviceTime: '2025-01-10T08:05:00',
    normalUnits: 1.2,
    extendedUnits: 0.8,
    durationMs: 5_400_000,
  },
];

describe('Tandem Source writer', () => {
  it('writes only the records of the file kind', () => {
    expect(
      tandemSource.write(FOREIGN, { variant: 'cgm', deviceType: 't:slim X2 Insulin Pump' }),
    ).toBe(
      'Device Type,Serial Number,Description,Event Date Time,Readings (mg/dL)\n' +
        // A high reading without its own text is written one above the 400 mg/dL threshold.
        't:slim X2 Insulin Pump,7654321,EGV,2025-01-10T08:00:00,401\n',
    );
  });

  it('writes a basal as the insulin it delivered', () => {
    // 0.85 U/h for one hour is 0.85 U.
    expect(tandemSource.write(FOREIGN, { variant: 'basal' })).toBe(
      'Device Type,Serial Number,Event Date Time,Commanded Basal Dose (units of insulin)\n' +
        ',7654321,2025-01-10T08:00:00,0.85\n',
    );
  });

  it('writes an extended bolus with its total', () => {
    const lines = tandemSource.write(FOREIGN, { variant: 'bolus' }).split('\n');
    // 1.2 U at once and 0.8 U over 90 minutes: 2 U in all, 60 % at once.
    expect(lines[1]).toBe('Bolus,,Extended,,7654321,2025-01-10T08:05:00,2,,,,,,0.8,,60,90,,,,');
  });

  it('writes a wizard on the row of its bolus', async () => {
    const time = { time: '2025-01-10T11:00:00.000Z', deviceTime: '2025-01-10T12:00:00' };
    const records: CanonicalRecord[] = [
      {
        ...BASE,
        ...time,
        type: 'wizard',
        carbsGrams: 30,
        recommendedUnits: 3,
        bgInputMgDl: 140,
        insulinOnBoardUnits: null,
        insulinCarbRatio: 10,
      },
      {
        ...BASE,
        ...time,
        type: 'bolus',
        subType: 'normal',
        normalUnits: 3,
        extendedUnits: null,
        durationMs: null,
      },
      {
        ...BASE,
        type: 'wizard',
        time: '2025-01-10T13:00:00.000Z',
        deviceTime: '2025-01-10T14:00:00',
        carbsGrams: 20,
        recommendedUnits: 2,
        bgInputMgDl: null,
        insulinOnBoardUnits: null,
        insulinCarbRatio: 10,
      },
    ];
    const text = tandemSource.write(records, { variant: 'bolus' });
    // One row: the wizard at 14:00 has no bolus, so no row.
    expect(text.split('\n').slice(1)).toEqual([
      'Bolus,,Standard,140,7654321,2025-01-10T12:00:00,3,,,,,,,,100,,30,,,10',
      '',
    ]);
    const read = await readText(tandemSource, text, BERLIN);
    expect(read.issues).toEqual([]);
    expect(read.records.map((record) => record.type)).toEqual(['bolus', 'wizard']);
  });

  it('reads a square bolus back as square', async () => {
    const square: CanonicalRecord = {
      ...BASE,
      type: 'bolus',
      subType: 'square',
      time: '2025-01-10T07:05:00.000Z',
      deviceTime: '2025-01-10T08:05:00',
      normalUnits: null,
      extendedUnits: 2,
      durationMs: 3_600_000,
    };
    const text = tandemSource.write([square], { variant: 'bolus' });
    const read = await readText(tandemSource, text, BERLIN);
    expect(read.records.find((record) => record.type === 'bolus')).toMatchObject({
      subType: 'square',
      normalUnits: null,
      extendedUnits: 2,
    });
  });

  it('rejects an unknown variant', () => {
    expect(() => tandemSource.write([], { variant: 'basal-mmol' })).toThrow(
      /Unknown Tandem Source variant "basal-mmol"/,
    );
    expect(() => tandemSource.write([], { variant: 'hourly' })).toThrow(RangeError);
  });
});
