import type { CanonicalRecord, CbgRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { detectFormat, writeExport } from '../registry.ts';
import { fixtureText, readText } from '../test-support.ts';
import { dexcomClarity } from './index.ts';
import { GERMAN_SAMPLE, MMOL_SAMPLE, TWELVE_COLUMN_SAMPLE } from './test-samples.ts';

/**
 * Reads `text`, writes the records back with the detected variant and layout, and reads the
 * output again. Patient names are not in the records, so the test passes the sample's names.
 */
async function roundTrip(
  text: string,
  patient: { firstName?: string; lastName?: string },
  timezone = 'Europe/Helsinki',
): Promise<{ written: string; first: CanonicalRecord[]; second: CanonicalRecord[] }> {
  const detection = detectFormat(text);
  expect(detection?.format).toBe('dexcom-clarity');
  const first = await readText(dexcomClarity, text, { timezone });
  expect(first.issues).toEqual([]);
  const written = writeExport('dexcom-clarity', first.records, {
    variant: detection?.variant,
    layout: detection?.layout,
    patient,
  });
  const second = await readText(dexcomClarity, written, { timezone });
  return { written, first: first.records, second: second.records };
}

describe('Clarity writer round trip', () => {
  const samples: [string, string, { firstName?: string; lastName?: string }][] = [
    [
      'two-week G6 file',
      fixtureText('dexcom-clarity-g6-2019-two-weeks.csv'),
      { firstName: 'Patient' },
    ],
    [
      'G6 excerpt',
      fixtureText('dexcom-clarity-g6-bom-dst-fallback-lowhigh.csv'),
      { firstName: 'Patient' },
    ],
    [
      'quoted G7 file',
      fixtureText('dexcom-clarity-g7-quoted.csv'),
      { firstName: 'XXX', lastName: 'XXX' },
    ],
    ['German variant', GERMAN_SAMPLE, {}],
    ['mmol/L variant', MMOL_SAMPLE, {}],
    ['12-column variant', TWELVE_COLUMN_SAMPLE, {}],
  ];

  it.each(samples)('reproduces the %s byte for byte', async (_name, text, patient) => {
    const { written } = await roundTrip(text, patient);
    expect(Buffer.from(written, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(written).toBe(text);
  });

  it.each(samples)('reads the same records back from the %s', async (_name, text, patient) => {
    const { first, second } = await roundTrip(text, patient);
    expect(second).toEqual(first);
  });
});

describe('Clarity writer', () => {
  it('leaves patient names empty by default', async () => {
    const text = fixtureText('dexcom-clarity-g7-quoted.csv');
    const { records } = await readText(dexcomClarity, text, { timezone: 'UTC' });
    const written = writeExport('dexcom-clarity', records, {
      layout: { quoteAll: true, bom: false },
    });
    const lines = written.split('\n');
    expect(lines[1]).toBe('"1","","FirstName","","","","","","","","","",""');
    expect(lines[2]).toBe('"2","","LastName","","","","","","","","","",""');
  });

  it('numbers records from other sources', () => {
    const base = {
      timezoneOffset: 60,
      clockDriftOffset: 0,
      conversionOffset: 0,
      timeResolution: 'exact' as const,
      deviceId: 'dexcom-g6:8AB12C',
      id: '',
      origin: { format: 'synthetic' },
    };
    const reading: CbgRecord = {
      ...base,
      type: 'cbg',
      time: '2024-01-01T11:00:00.000Z',
      deviceTime: '2024-01-01T12:00:00',
      valueMgDl: 104.49,
      outOfRange: null,
      thresholdMgDl: null,
      sourceUnits: 'mg/dL',
      transmitterTimeSec: 300,
      transmitterId: '8AB12C',
    };
    const records: CanonicalRecord[] = [
      reading,
      {
        ...base,
        type: 'food',
        time: '2024-01-01T11:05:00.000Z',
        deviceTime: '2024-01-01T12:05:00',
        carbsGrams: 42,
      },
      {
        ...base,
        type: 'basal',
        time: '2024-01-01T11:05:00.000Z',
        deviceTime: '2024-01-01T12:05:00',
        deliveryType: 'temp',
        rateUnitsPerHour: 1,
        durationMs: 1,
      },
    ];
    const written = writeExport('dexcom-clarity', records, { sourceDeviceId: 'Android G6' });
    expect(written.split('\n').slice(1)).toEqual([
      '1,2024-01-01T12:00:00,EGV,,,,Android G6,104,,,,,300,8AB12C',
      '2,2024-01-01T12:05:00,Carbs,,,,Android G6,,,42,,,',
      '',
    ]);
    expect(written.startsWith('\uFEFFIndex,Timestamp (YYYY-MM-DDThh:mm:ss),')).toBe(true);
  });

  it('writes mmol/L with one decimal', async () => {
    const { records } = await readText(dexcomClarity, fixtureText('dexcom-clarity-g7-quoted.csv'), {
      timezone: 'UTC',
    });
    const written = writeExport('dexcom-clarity', records, { variant: 'de-mmol' });
    const lines = written.split('\n');
    expect(lines[0]).toContain('"Glukosewert (mmol/L)"');
    expect(lines[0]).toContain('"Glukose-Änderungsrate (mmol/L/min)"');
    // 94 mg/dL / 18.01559 = 5.2177 mmol/L, written as 5,2 with the German decimal comma.
    expect(lines[11]).toBe(
      '"11";"2025-11-21T00:17:19";"EGV";"";"";"";"iOS G7";"5,2";"";"";"";"";"1713";"109395413070"',
    );
  });

  it('rejects an unknown variant', () => {
    expect(() => writeExport('dexcom-clarity', [], { variant: 'fr' })).toThrow(
      /Unknown Dexcom Clarity variant "fr"/,
    );
  });
});
