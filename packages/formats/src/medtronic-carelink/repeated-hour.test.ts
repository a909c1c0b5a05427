import { describe, expect, it } from 'vitest';
import { detectFormat, writeExport } from '../registry.ts';
import { readText } from '../test-support.ts';
import { medtronicCareLink } from './index.ts';
import type { CareLinkRecord } from './record-body.ts';
import { dataRow, sections } from './test-samples.ts';

const MS_PER_MINUTE = 60_000;

/**
 * Returns `count` wall-clock times `HH:mm` five minutes apart, newest first, starting at
 * `newest` and not crossing midnight.
 */
function fiveMinuteSteps(newest: string, count: number): string[] {
  const [hours, minutes] = newest.split(':').map(Number) as [number, number];
  return Array.from({ length: count }, (_unused, step) => {
    const total = hours * 60 + minutes - 5 * step;
    return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}:00`;
  });
}

/** Sensor rows newest first at the given times, Index counting up from `firstIndex`. */
function sensorRows(separator: ',' | ';', date: string, times: string[], firstIndex: number) {
  const decimal = separator === ';' ? ',' : '.';
  return times.map((time, position) =>
    dataRow(separator, {
      Index: `${firstIndex + position}${decimal}00000`,
      Date: date,
      Time: time,
      'Sensor Glucose (mg/dL)': String(100 + position),
      'ISIG Value': `20${decimal}5`,
    }),
  );
}

/**
 * Europe/Berlin, 2024-10-27: 03:00 CEST (UTC+2) becomes 02:00 CET (UTC+1) at 01:00 UTC.
 * Sensor: 03:10–03:00 CET, the second pass 02:55–02:00, the first pass 02:55–02:00, then
 * 01:55 and 01:50 CEST, newest first as CareLink writes them: 29 readings 5 minutes apart in
 * real time, from 02:10 UTC back to 23:50 UTC the day before. Pump: both passes with a bolus
 * of 1.5 U at 02:30, and basal rates whose intervals cross the change.
 */
const BERLIN_SAMPLE = sections(';', [
  [
    'pump',
    [
      dataRow(';', {
        Index: '1,00000',
        Date: '2024/10/27',
        Time: '03:20:00',
        'Basal Rate (U/h)': '0,8',
      }),
      dataRow(';', {
        Index: '2,00000',
        Date: '2024/10/27',
        Time: '02:45:00',
        'Bolus Type': 'Normal',
        'Bolus Volume Selected (U)': '2,5',
        'Bolus Volume Delivered (U)': '2,5',
      }),
      dataRow(';', {
        Index: '3,00000',
        Date: '2024/10/27',
        Time: '02:30:00',
        'Bolus Type': 'Normal',
        'Bolus Volume Selected (U)': '1,5',
        'Bolus Volume Delivered (U)': '1,5',
      }),
      dataRow(';', {
        Index: '4,00000',
        Date: '2024/10/27',
        Time: '02:15:00',
        'Basal Rate (U/h)': '0,7',
      }),
      dataRow(';', {
        Index: '5,00000',
        Date: '2024/10/27',
        Time: '02:50:00',
        'Basal Rate (U/h)': '0,75',
      }),
      dataRow(';', {
        Index: '6,00000',
        Date: '2024/10/27',
        Time: '02:30:00',
        'Bolus Type': 'Normal',
        'Bolus Volume Selected (U)': '1,5',
        'Bolus Volume Delivered (U)': '1,5',
      }),
      dataRow(';', {
        Index: '7,00000',
        Date: '2024/10/27',
        Time: '01:40:00',
        'Basal Rate (U/h)': '0,9',
      }),
    ],
  ],
  [
    'sensor',
    sensorRows(
      ';',
      '2024/10/27',
      [
        ...fiveMinuteSteps('03:10', 3),
        ...fiveMinuteSteps('02:55', 12),
        ...fiveMinuteSteps('02:55', 12),
        ...fiveMinuteSteps('01:55', 2),
      ],
      8,
    ),
  ],
]);

/**
 * America/New_York, 2024-11-03: 02:00 EDT (UTC-4) becomes 01:00 EST (UTC-5) at 06:00 UTC.
 * Sensor: 02:05 and 02:00 EST, both passes of 01:55–01:00, then 00:55 EDT, newest first: 27
 * readings 5 minutes apart from 07:05 UTC back to 04:55 UTC. Pump: a bolus at 01:30 in each
 * pass, with a basal rate at 01:45 in the first.
 */
const NEW_YORK_SAMPLE = sections(',', [
  [
    'pump',
    [
      dataRow(',', {
        Index: '1.00000',
        Date: '2024/11/03',
        Time: '01:30:00',
        'Bolus Type': 'Normal',
        'Bolus Volume Selected (U)': '2',
        'Bolus Volume Delivered (U)': '2',
      }),
      dataRow(',', {
        Index: '2.00000',
        Date: '2024/11/03',
        Time: '01:45:00',
        'Basal Rate (U/h)': '1.1',
      }),
      dataRow(',', {
        Index: '3.00000',
        Date: '2024/11/03',
        Time: '01:30:00',
        'Bolus Type': 'Normal',
        'Bolus Volume Selected (U)': '2',
        'Bolus Volume Delivered (U)': '2',
      }),
    ],
  ],
  [
    'sensor',
    sensorRows(
      ',',
      '2024/11/03',
      [
        ...fiveMinuteSteps('02:05', 2),
        ...fiveMinuteSteps('01:55', 12),
        ...fiveMinuteSteps('01:55', 12),
        '00:55:00',
      ],
      4,
    ),
  ],
]);

async function read(text: string, timezone: string): Promise<CareLinkRecord[]> {
  const { records, issues } = await readText(medtronicCareLink, text, { timezone });
  expect(issues).toEqual([]);
  return records as CareLinkRecord[];
}

function instants(records: readonly CareLinkRecord[]): string[] {
  return records.map((record) => record.time);
}

/** ISO instants `count` steps of 5 minutes apart, going back from `newest`. */
function fiveMinutesBack(newest: string, count: number): string[] {
  const start = Date.parse(newest);
  return Array.from({ length: count }, (_unused, step) =>
    new Date(start - step * 5 * MS_PER_MINUTE).toISOString(),
  );
}

describe('CareLink reader over the Berlin autumn change', () => {
  it('gives sensor readings 5 minutes apart in real time', async () => {
    const cbg = (await read(BERLIN_SAMPLE, 'Europe/Berlin')).filter((r) => r.type === 'cbg');
    expect(cbg).toHaveLength(29);
    expect(instants(cbg)).toEqual(fiveMinutesBack('2024-10-27T02:10:00.000Z', 29));
    expect(cbg.slice(3, 27).every((record) => record.timeResolution === 'resolved')).toBe(true);
    expect(new Set(cbg.map((record) => record.id)).size).toBe(29);
    // A CET reading is 60 minutes ahead of UTC, a CEST reading 120.
    expect(cbg[3]).toMatchObject({ deviceTime: '2024-10-27T02:55:00', timezoneOffset: 60 });
    expect(cbg[15]).toMatchObject({ deviceTime: '2024-10-27T02:55:00', timezoneOffset: 120 });
  });

  it('resolves pump rows of both passes', async () => {
    const pump = (await read(BERLIN_SAMPLE, 'Europe/Berlin')).filter(
      (record) => record.type === 'bolus' || record.type === 'basal',
    );
    expect(pump.map((record) => [record.deviceTime.slice(11), record.time])).toEqual([
      ['03:20:00', '2024-10-27T02:20:00.000Z'],
      ['02:45:00', '2024-10-27T01:45:00.000Z'],
      ['02:30:00', '2024-10-27T01:30:00.000Z'],
      ['02:15:00', '2024-10-27T01:15:00.000Z'],
      ['02:50:00', '2024-10-27T00:50:00.000Z'],
      ['02:30:00', '2024-10-27T00:30:00.000Z'],
      ['01:40:00', '2024-10-26T23:40:00.000Z'],
    ]);
    const boluses = pump.filter((record) => record.type === 'bolus');
    expect(boluses[1]?.id).not.toBe(boluses[2]?.id);
  });

  it('ends basal intervals at the resolved instants', async () => {
    const basal = (await read(BERLIN_SAMPLE, 'Europe/Berlin')).filter((r) => r.type === 'basal');
    // 02:15 CET (01:15Z) lasts to 03:20 CET (02:20Z), 65 min. 02:50 CEST (00:50Z) lasts to
    // 01:15Z, 25 min, and 01:40 CEST (23:40Z) to 00:50Z, 70 min. The newest rate has no end.
    expect(basal.map((record) => record.durationMs)).toEqual([
      null,
      65 * MS_PER_MINUTE,
      25 * MS_PER_MINUTE,
      70 * MS_PER_MINUTE,
    ]);
  });
});

describe('CareLink reader over the New York autumn change', () => {
  it('gives sensor readings 5 minutes apart in real time', async () => {
    const cbg = (await read(NEW_YORK_SAMPLE, 'America/New_York')).filter((r) => r.type === 'cbg');
    expect(cbg).toHaveLength(27);
    expect(instants(cbg)).toEqual(fiveMinutesBack('2024-11-03T07:05:00.000Z', 27));
    expect(new Set(cbg.map((record) => record.id)).size).toBe(27);
  });

  it('resolves a bolus at one wall time in each pass', async () => {
    const records = await read(NEW_YORK_SAMPLE, 'America/New_York');
    const pump = records.filter((record) => record.type === 'bolus' || record.type === 'basal');
    // 01:30 EST is 06:30Z; 01:45 and 01:30 EDT are 05:45Z and 05:30Z.
    expect(pump.map((record) => [record.type, record.timeResolution, record.time])).toEqual([
      ['bolus', 'resolved', '2024-11-03T06:30:00.000Z'],
      ['basal', 'resolved', '2024-11-03T05:45:00.000Z'],
      ['bolus', 'resolved', '2024-11-03T05:30:00.000Z'],
    ]);
    expect(pump[0]?.id).not.toBe(pump[2]?.id);
  });
});

describe('CareLink round trip over the autumn change', () => {
  it.each([
    ['Berlin', BERLIN_SAMPLE, 'Europe/Berlin'],
    ['New York', NEW_YORK_SAMPLE, 'America/New_York'],
  ])('reproduces the %s sample byte for byte', async (_name, text, timezone) => {
    const detection = detectFormat(text);
    const first = await read(text, timezone);
    const written = writeExport('medtronic-carelink', first, {
      variant: detection?.variant,
      layout: detection?.layout,
    });
    expect(written).toBe(text);
    expect(await read(written, timezone)).toEqual(first);
  });

  it('restores the file from reversed records when sorting newest first', async () => {
    // Resolved instants differ between the passes, so sorting by time puts each row back.
    const first = await read(BERLIN_SAMPLE, 'Europe/Berlin');
    const written = writeExport('medtronic-carelink', [...first].reverse(), {
      layout: detectFormat(BERLIN_SAMPLE)?.layout,
      order: 'newestFirst',
    });
    expect(written).toBe(BERLIN_SAMPLE);
  });
});
