import type { CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { detectFormat, writeExport } from '../registry.ts';
import { fixtureText, readText } from '../test-support.ts';
import { medtronicCareLink } from './index.ts';
import type { CareLinkPatient } from './writer-preamble.ts';
import { AUTUMN_SAMPLE, GERMAN_MMOL_SAMPLE, PUMP_EVENTS_SAMPLE } from './test-samples.ts';

/**
 * Reads `text`, writes the records back with the detected variant and layout, and reads the
 * output again. Patient names are not in the records, so the test passes the sample's.
 */
async function roundTrip(
  text: string,
  patient: CareLinkPatient,
): Promise<{ written: string; first: CanonicalRecord[]; second: CanonicalRecord[] }> {
  const detection = detectFormat(text);
  expect(detection?.format).toBe('medtronic-carelink');
  const options = { timezone: 'Europe/Berlin', fileName: 'carelink.csv' };
  const first = await readText(medtronicCareLink, text, options);
  expect(first.issues).toEqual([]);
  const written = writeExport('medtronic-carelink', first.records, {
    variant: detection?.variant,
    layout: detection?.layout,
    patient,
  });
  const second = await readText(medtronicCareLink, written, options);
  return { written, first: first.records, second: second.records };
}

const SAMPLES: [string, string, CareLinkPatient][] = [
  [
    '780G sample',
    fixtureText('carelink-780g-eu-semicolon.csv'),
    { lastName: 'XXX', firstName: 'YYY' },
  ],
  ['autumn sample', AUTUMN_SAMPLE, {}],
  ['pump events sample', PUMP_EVENTS_SAMPLE, {}],
  ['German mmol/L sample', GERMAN_MMOL_SAMPLE, {}],
];

describe('CareLink writer round trip', () => {
  it.each(SAMPLES)('reproduces the %s byte for byte', async (_name, text, patient) => {
    const { written } = await roundTrip(text, patient);
    expect(Buffer.from(written, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(written).toBe(text);
  });

  it.each(SAMPLES)('reads the same records back from the %s', async (_name, text, patient) => {
    const { first, second } = await roundTrip(text, patient);
    expect(second).toEqual(first);
  });
});

const BASE = {
  timezoneOffset: 60,
  clockDriftOffset: 0,
  conversionOffset: 0,
  timeResolution: 'exact' as const,
  deviceId: 'dexcom-g6:8AB12C',
  id: '',
  origin: { format: 'synthetic' },
};

/** Records from another source, oldest first. */
const FOREIGN: CanonicalRecord[] = [
  {
    ...BASE,
    type: 'cbg',
    time: '2024-01-01T11:00:00.000Z',
    deviceTime: '2024-01-01T12:00:00',
    valueMgDl: 104.49,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: 'mg/dL',
  },
  {
    ...BASE,
    type: 'bolus',
    subType: 'dual/square',
    time: '2024-01-01T11:05:00.000Z',
    deviceTime: '2024-01-01T12:05:00',
    normalUnits: 2,
    extendedUnits: 1.25,
    durationMs: 5_400_000,
  },
  {
    ...BASE,
    type: 'food',
    time: '2024-01-01T11:05:00.000Z',
    deviceTime: '2024-01-01T12:05:00',
    carbsGrams: 40,
  },
];

describe('CareLink writer', () => {
  it('writes records from another source newest first', () => {
    const written = medtronicCareLink.write(FOREIGN, {
      order: 'newestFirst',
      device: 'MiniMed 780G MMT-1111',
      serialNumber: 'NG1234567H',
    });
    const lines = written.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'Last Name;First Name;Patient ID;System ID;Start Date;End Date;Device;MiniMed 780G MMT-1111;Hardware Version;;Firmware Version;',
      '"";"";"";"";"";"";"Serial Number";NG1234567H;Software Version;',
      'Patient DOB;;;;;;CGM;',
      '',
      '',
      '-------;MiniMed 780G MMT-1111;Pump;NG1234567H;------- ',
    ]);
    const rows = lines.filter((line) => /^\d+,00000;/.test(line)).map((line) => line.split(';'));
    // A dual wave bolus holding both parts becomes two rows; food has no CareLink row.
    expect(rows.map((row) => [row[0], row[1], row[2], row[11], row[13], row[14], row[34]])).toEqual(
      [
        ['1,00000', '2024/01/01', '12:05:00', 'Dual (normal part)', '2', '', ''],
        ['2,00000', '2024/01/01', '12:05:00', 'Dual (square part)', '1,25', '1:30:00', ''],
        ['3,00000', '2024/01/01', '12:00:00', '', '', '', '104'],
      ],
    );
    expect(rows.every((row) => row.length === 54)).toBe(true);
    expect(lines.at(-1)).toBe('');
  });

  it('writes decimal points with a comma separator', () => {
    const written = medtronicCareLink.write(FOREIGN.slice(1, 2), { layout: { separator: ',' } });
    expect(written).toContain('\n1.00000,2024/01/01,12:05:00,,,,,,,,,Dual (normal part),2,2,');
    expect(written).toContain(
      '\n2.00000,2024/01/01,12:05:00,,,,,,,,,Dual (square part),1.25,1.25,1:30:00,',
    );
  });

  it('writes dates and glucose of a variant', () => {
    const written = medtronicCareLink.write(FOREIGN.slice(0, 1), { variant: 'en-mmol-dmy' });
    expect(written).toContain('Sensor Glucose (mmol/L)');
    // 104.49 mg/dL / 18.01559 = 5.80 mmol/L, written with one decimal.
    expect(written).toContain('\n1,00000;01.01.2024;12:00:00;' + ';'.repeat(31) + '5,8;');
  });

  it('writes pump events without detail', async () => {
    const pump = { ...BASE, deviceId: 'medtronic-630g:NG7654321K' };
    const records: CanonicalRecord[] = [
      {
        ...pump,
        type: 'cbg',
        time: '2024-01-01T11:20:00.000Z',
        deviceTime: '2024-01-01T12:20:00',
        valueMgDl: null,
        outOfRange: 'low',
        thresholdMgDl: 40,
        sourceUnits: 'mg/dL',
      },
      {
        ...pump,
        type: 'basal',
        deliveryType: 'suspend',
        time: '2024-01-01T11:10:00.000Z',
        deviceTime: '2024-01-01T12:10:00',
        rateUnitsPerHour: 0,
        durationMs: 600_000,
      },
      {
        ...pump,
        type: 'deviceEvent',
        subType: 'reservoirChange',
        time: '2024-01-01T11:00:00.000Z',
        deviceTime: '2024-01-01T12:00:00',
        detail: null,
      },
    ];
    const written = medtronicCareLink.write(records);
    const rows = written.split('\n').filter((line) => /^\d+,00000;/.test(line));
    // The reading below range has no row. Columns 8, 21 and 22 are Basal Rate, Suspend, Rewind.
    expect(rows.map((row) => row.split(';').slice(0, 3).join(' '))).toEqual([
      '1,00000 2024/01/01 12:10:00',
      '2,00000 2024/01/01 12:00:00',
    ]);
    expect(rows.map((row) => [7, 20, 21].map((at) => row.split(';')[at]))).toEqual([
      ['0', 'USER_SUSPEND', ''],
      ['', '', 'Rewind'],
    ]);
    // With no serial number in settings or options, the device ID gives it.
    expect(written).toContain(';Pump;NG7654321K;');

    const read = await readText(medtronicCareLink, written, { timezone: 'Europe/Berlin' });
    expect(read.issues).toEqual([]);
    expect(
      read.records.map((record) =>
        record.type === 'deviceEvent' ? `${record.subType}:${record.detail}` : record.type,
      ),
    ).toEqual(['pumpSettings', 'basal', 'suspend:USER_SUSPEND', 'reservoirChange:Rewind']);
    expect(read.records[1]).toMatchObject({
      deliveryType: 'suspend',
      deviceId: 'medtronic:NG7654321K',
    });
  });

  it('rejects an unknown variant', () => {
    expect(() => medtronicCareLink.write([], { variant: 'fr' })).toThrow(
      /Unknown Medtronic CareLink variant "fr"/,
    );
  });

  it('rejects German without a German header', () => {
    expect(() => medtronicCareLink.write(FOREIGN, { variant: 'de' })).toThrow(
      /No German CareLink header/,
    );
  });
});
