import type { CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import type { FormatModule } from '../core/types.ts';
import { detectFormat, writeExport } from '../registry.ts';
import { readText } from '../test-support.ts';
import { tandemSource } from './source/index.ts';
import { tandemTConnect } from './tconnect/index.ts';
import { BOLUS_HEADER, IOB_HEADER, PREAMBLE, READINGS_HEADER } from './test-samples.ts';

const MS_PER_MINUTE = 60_000;

/**
 * Returns `count` wall-clock times `HH:mm:ss` five minutes apart, oldest first, from `oldest`
 * (`HH:mm`) with the seconds `seconds`, not crossing midnight.
 */
function fiveMinuteSteps(oldest: string, count: number, seconds: string): string[] {
  const [hours, minutes] = oldest.split(':').map(Number) as [number, number];
  return Array.from({ length: count }, (_unused, step) => {
    const total = hours * 60 + minutes + 5 * step;
    const hh = String(Math.floor(total / 60)).padStart(2, '0');
    return `${hh}:${String(total % 60).padStart(2, '0')}:${seconds}`;
  });
}

/** ISO instants `count` steps of 5 minutes apart, going forward from `oldest`. */
function fiveMinutesOn(oldest: string, count: number): string[] {
  const start = Date.parse(oldest);
  return Array.from({ length: count }, (_unused, step) =>
    new Date(start + step * 5 * MS_PER_MINUTE).toISOString(),
  );
}

/** Builds a t:connect bolus row with calculator input, after the layout of a real export. */
function tconnectBolus(id: string, requested: string, completed: string): string {
  return [
    `"Bolus","Standard/Correction","141",,"${id}.000","${id}.000","${completed}","2.53","2.50",`,
    `"0.03","3","Completed","1",,,,,,,,,,"${requested}","${requested}","Carb",`,
    `"Standard/Correction","100.00","0","15","0","110","30.00","2.50","0.03","2.53","0","0",`,
    `"Correction & Food Bolus","CF 1:30 - Carb Ratio 1:6 - Target BG 110","0","${id}9","",`,
  ].join('');
}

/**
 * A t:connect export over the Berlin autumn change (2024-10-27: 03:00 CEST, UTC+2, becomes
 * 02:00 CET, UTC+1, at 01:00 UTC), each section oldest first as t:connect writes it.
 * Readings: 01:50 and 01:55 CEST, both passes of 02:00–02:55, then 03:00 and 03:05 CET: 28
 * readings 5 minutes apart in real time from 23:50:33 UTC the day before. IOB: 02:10 and 02:40
 * in the first pass, 02:10 in the second, then 03:15. Bolus: 02:40 in the first pass, 02:20
 * and 02:35 in the second.
 */
const TCONNECT_BERLIN = [
  ...PREAMBLE,
  READINGS_HEADER,
  ...[
    ...fiveMinuteSteps('01:50', 2, '33'),
    ...fiveMinuteSteps('02:00', 12, '33'),
    ...fiveMinuteSteps('02:00', 12, '33'),
    ...fiveMinuteSteps('03:00', 2, '33'),
  ].map(
    (time, position) =>
      `"t:slim X2 Insulin Pump","22222222","EGV","2024-10-27T${time}","${120 + position}",`,
  ),
  '',
  IOB_HEADER,
  '"IOB","81","2024-10-27T02:10:19","1.20"',
  '"IOB","81","2024-10-27T02:40:19","1.05"',
  '"IOB","81","2024-10-27T02:10:19","0.90"',
  '"IOB","81","2024-10-27T03:15:19","0.70"',
  '',
  BOLUS_HEADER,
  tconnectBolus('8001', '2024-10-27T02:40:00', '2024-10-27T02:40:51'),
  tconnectBolus('8002', '2024-10-27T02:20:00', '2024-10-27T02:20:51'),
  tconnectBolus('8003', '2024-10-27T02:35:00', '2024-10-27T02:35:51'),
  '',
].join('\n');

/**
 * Tandem Source files over the New York autumn change (2024-11-03: 02:00 EDT, UTC-4, becomes
 * 01:00 EST, UTC-5, at 06:00 UTC), oldest first. CGM: 00:50 and 00:55 EDT, both passes of
 * 01:00–01:55, then 02:00 and 02:05 EST: 28 readings 5 minutes apart in real time from
 * 04:50:12 UTC. Bolus: 01:50:40 in the first pass, 01:10:05 in the second.
 */
const SOURCE_CGM_NEW_YORK = [
  'Device Type,Serial Number,Description,Event Date Time,Readings (mg/dL)',
  ...[
    ...fiveMinuteSteps('00:50', 2, '12'),
    ...fiveMinuteSteps('01:00', 12, '12'),
    ...fiveMinuteSteps('01:00', 12, '12'),
    ...fiveMinuteSteps('02:00', 2, '12'),
  ].map((time, position) => `Tandem Mobi™ System,1234567,EGV,2024-11-03T${time},${90 + position}`),
  '',
].join('\n');

const SOURCE_BOLUS_NEW_YORK = [
  'Type,Bolus Type,Bolus Delivery Method,BG (mg/dL),Serial Number,Completion Date Time,Insulin Delivered,Food Delivered,Correction Delivered,Completion Status Desc,Bolex Start Date Time,Bolex Completion Date Time,Bolex Insulin Delivered,Bolex Completion Status Desc,Standard Percent,Duration (mins),Carb Size,Target BG (mg/dL),Correction Factor,Carb Ratio',
  'Bolus,Food / Correction,Standard,158,1234567,2024-11-03T01:50:40,2.48,1.89,0.59,Completed,,,,,100,0,17,0,0,0',
  'Bolus,Food / Correction,Standard,158,1234567,2024-11-03T01:10:05,2.48,1.89,0.59,Completed,,,,,100,0,17,0,0,0',
  '',
].join('\n');

async function read(
  module: FormatModule,
  text: string,
  timezone: string,
): Promise<CanonicalRecord[]> {
  const { records, issues } = await readText(module, text, { timezone });
  expect(issues).toEqual([]);
  return records;
}

function ofType(records: readonly CanonicalRecord[], type: string): CanonicalRecord[] {
  return records.filter((record) => record.type === type);
}

describe('t:connect reader over the Berlin autumn change', () => {
  it('gives readings 5 minutes apart in real time', async () => {
    const cbg = ofType(await read(tandemTConnect, TCONNECT_BERLIN, 'Europe/Berlin'), 'cbg');
    expect(cbg.map((record) => record.time)).toEqual(fiveMinutesOn('2024-10-26T23:50:33.000Z', 28));
    expect(cbg.slice(2, 26).every((record) => record.timeResolution === 'resolved')).toBe(true);
    expect(new Set(cbg.map((record) => record.id)).size).toBe(28);
  });

  it('resolves IOB rows at one wall time in each pass', async () => {
    const records = await read(tandemTConnect, TCONNECT_BERLIN, 'Europe/Berlin');
    const iob = ofType(records, 'deviceEvent');
    // 02:10:19 and 02:40:19 CEST are 00:10:19Z and 00:40:19Z; 02:10:19 CET is 01:10:19Z.
    expect(iob.map((record) => [record.timeResolution, record.time])).toEqual([
      ['resolved', '2024-10-27T00:10:19.000Z'],
      ['resolved', '2024-10-27T00:40:19.000Z'],
      ['resolved', '2024-10-27T01:10:19.000Z'],
      ['exact', '2024-10-27T02:15:19.000Z'],
    ]);
  });

  it('resolves bolus rows and their calculator input', async () => {
    const records = await read(tandemTConnect, TCONNECT_BERLIN, 'Europe/Berlin');
    // 02:40 CEST is 00:40Z; 02:20 and 02:35 CET are 01:20Z and 01:35Z.
    const expected = ['2024-10-27T00:40:00.000Z', '2024-10-27T01:20:00.000Z'].concat(
      '2024-10-27T01:35:00.000Z',
    );
    expect(ofType(records, 'bolus').map((record) => record.time)).toEqual(expected);
    expect(ofType(records, 'wizard').map((record) => record.time)).toEqual(expected);
    const ids = records.map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes the file back byte for byte', async () => {
    const first = await read(tandemTConnect, TCONNECT_BERLIN, 'Europe/Berlin');
    const written = writeExport('tandem-tconnect', first, {});
    expect(written).toBe(TCONNECT_BERLIN);
    expect(await read(tandemTConnect, written, 'Europe/Berlin')).toEqual(first);
  });
});

describe('Tandem Source reader over the New York autumn change', () => {
  it('gives CGM readings 5 minutes apart in real time', async () => {
    const cbg = await read(tandemSource, SOURCE_CGM_NEW_YORK, 'America/New_York');
    const readings = ofType(cbg, 'cbg');
    expect(readings.map((record) => record.time)).toEqual(
      fiveMinutesOn('2024-11-03T04:50:12.000Z', 28),
    );
    expect(new Set(readings.map((record) => record.id)).size).toBe(28);
    // An EST reading is 300 minutes behind UTC, an EDT reading 240.
    expect(readings[2]).toMatchObject({ timezoneOffset: -240, timeResolution: 'resolved' });
    expect(readings[14]).toMatchObject({ timezoneOffset: -300, timeResolution: 'resolved' });
  });

  it('resolves boluses of both passes', async () => {
    const records = await read(tandemSource, SOURCE_BOLUS_NEW_YORK, 'America/New_York');
    // 01:50:40 EDT is 05:50:40Z; 01:10:05 EST is 06:10:05Z.
    expect(ofType(records, 'bolus').map((record) => record.time)).toEqual([
      '2024-11-03T05:50:40.000Z',
      '2024-11-03T06:10:05.000Z',
    ]);
  });

  it.each([
    ['CGM', SOURCE_CGM_NEW_YORK],
    ['bolus', SOURCE_BOLUS_NEW_YORK],
  ])('writes the %s file back byte for byte', async (_name, text) => {
    const first = await read(tandemSource, text, 'America/New_York');
    const detection = detectFormat(text);
    const written = writeExport('tandem-source', first, {
      variant: detection?.variant,
      layout: detection?.layout,
    });
    expect(written).toBe(text);
    expect(await read(tandemSource, written, 'America/New_York')).toEqual(first);
  });
});
