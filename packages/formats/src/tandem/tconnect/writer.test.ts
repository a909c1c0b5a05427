import type { CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { detectFormat, writeExport } from '../../registry.ts';
import { fixtureText, readText } from '../../test-support.ts';
import { TCONNECT_EDGE_SAMPLE } from '../test-samples.ts';
import { tandemTConnect } from './index.ts';

const NEW_YORK = { timezone: 'America/New_York', fileName: 'tconnect.csv' };

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

  it('rejects an unknown variant', () => {
    expect(() => tandemTConnect.write([], { variant: 'source' })).toThrow(
      /Unknown t:connect variant "source"/,
    );
  });
});
