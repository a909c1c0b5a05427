import { identityHash } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { fixtureText, readText } from '../../test-support.ts';
import type { TandemRecord } from '../shared/record-body.ts';
import { permutedTConnect, TCONNECT_EDGE_SAMPLE } from '../test-samples.ts';
import { tandemTConnect } from './index.ts';

const SAMPLE = fixtureText('tandem-tconnect-legacy-multisection.csv');
const NEW_YORK = { timezone: 'America/New_York', fileName: 'tconnect.csv' };

async function read(text: string, chunkSize = 4096): Promise<TandemRecord[]> {
  const { records, issues } = await readText(tandemTConnect, text, { ...NEW_YORK, chunkSize });
  expect(issues).toEqual([]);
  return records as TandemRecord[];
}

function atLine(records: readonly TandemRecord[], line: number): TandemRecord[] {
  return records.filter((record) => record.origin.line === line && record.type !== 'pumpSettings');
}

describe('t:connect reader on the sample', () => {
  it('counts records per type', async () => {
    const records = await read(SAMPLE);
    // grep: 3 rows "t:slim X2 Insulin Pump",…,"EGV"; 3 rows starting "IOB"; 2 starting "Bolus",
    // both with calculator input (CarbSize 75, and BG 131 with CarbSize 0).
    expect(records.map((record) => record.type)).toEqual([
      'pumpSettings',
      'cbg',
      'cbg',
      'cbg',
      'deviceEvent',
      'deviceEvent',
      'deviceEvent',
      'bolus',
      'wizard',
      'bolus',
      'wizard',
    ]);
  });

  it('gives provenance and identity to every record', async () => {
    for (const record of await read(SAMPLE)) {
      expect(record.origin).toMatchObject({ format: 'tandem-tconnect', file: 'tconnect.csv' });
      expect(record.id).toBe(identityHash(record));
      expect(record.deviceId).toBe('tandem:11111111');
    }
  });

  it('reads the preamble without the patient', async () => {
    const [settings] = await read(SAMPLE);
    expect(settings).toMatchObject({
      type: 'pumpSettings',
      origin: { line: 8 },
      settings: {
        deviceType: 't:slim X2 Insulin Pump',
        serialNumber: '11111111',
        hasPreamble: true,
        reportGeneratedOn: '4/24/2021 7:50:04 PM',
      },
    });
    expect(JSON.stringify(settings)).not.toContain('Sample Name');
    expect(JSON.stringify(settings)).not.toContain('1990');
  });

  it('reads CGM readings', async () => {
    // 2021-04-01 00:01:33 EDT (UTC-4) is 04:01:33 UTC.
    expect(atLine(await read(SAMPLE), 8)).toEqual([
      expect.objectContaining({
        type: 'cbg',
        valueMgDl: 235,
        outOfRange: null,
        time: '2021-04-01T04:01:33.000Z',
        timezoneOffset: -240,
        origin: { format: 'tandem-tconnect', file: 'tconnect.csv', line: 8 },
      }),
    ]);
  });

  it('reads IOB rows as events', async () => {
    expect(atLine(await read(SAMPLE), 14)).toEqual([
      expect.objectContaining({
        type: 'deviceEvent',
        subType: 'insulinOnBoard',
        detail: '12.80',
        sourceCells: { EventID: '9' },
      }),
    ]);
  });

  it('reads a bolus with its calculator input', async () => {
    const [bolus, wizard] = atLine(await read(SAMPLE), 18);
    // EventDateTime 12:53:36 EDT is 16:53:36 UTC; the bolus completed at 12:58:26.
    expect(bolus).toMatchObject({
      type: 'bolus',
      subType: 'normal',
      normalUnits: 13.53,
      extendedUnits: null,
      durationMs: null,
      time: '2021-04-01T16:53:36.000Z',
    });
    expect(bolus?.sourceCells).toMatchObject({
      CompletionDateTime: '2021-04-01T12:58:26',
      Description: 'Standard/Correction',
    });
    expect(bolus?.sourceCells?.['InsulinDelivered']).toBeUndefined();
    // Recommended: FoodBolusSize 12.50 + CorrectionBolusSize 1.03.
    expect(wizard).toMatchObject({
      type: 'wizard',
      carbsGrams: 75,
      bgInputMgDl: 141,
      insulinOnBoardUnits: null,
      recommendedUnits: 13.53,
      insulinCarbRatio: 6,
    });
    expect(wizard?.sourceCells).toBeUndefined();
  });

  it('reads an overridden bolus', async () => {
    const [bolus, wizard] = atLine(await read(SAMPLE), 19);
    expect(bolus).toMatchObject({ normalUnits: 1.5 });
    expect(wizard).toMatchObject({
      carbsGrams: 0,
      bgInputMgDl: 131,
      insulinOnBoardUnits: 0.71,
      recommendedUnits: 0,
    });
  });

  it('reads the same in chunks of 5 characters', async () => {
    expect(await read(SAMPLE, 5)).toEqual(await read(SAMPLE));
  });

  it('reads sections in any order', async () => {
    const records = await read(permutedTConnect(SAMPLE));
    const dataTypes = (list: TandemRecord[]): string[] =>
      list
        .filter((record) => record.type !== 'pumpSettings')
        .map((record) => record.type)
        .sort();
    expect(dataTypes(records)).toEqual(dataTypes(await read(SAMPLE)));
    // Bolus rows name no pump; before any reading row they cannot take its serial number.
    const bolus = records.find((record) => record.type === 'bolus');
    expect(bolus?.deviceId).toBe('tandem:unknown');
    expect(records.filter((record) => record.type === 'pumpSettings')).toHaveLength(2);
  });
});

describe('t:connect reader on the edge sample', () => {
  it('reads out-of-range readings', async () => {
    const readings = (await read(TCONNECT_EDGE_SAMPLE)).filter((record) => record.type === 'cbg');
    expect(
      readings.map((record) => [record.valueMgDl, record.outOfRange, record.thresholdMgDl]),
    ).toEqual([
      [45, null, null],
      [null, 'low', 40],
      [null, 'low', 40],
      [58, null, null],
      [null, 'high', 400],
      [null, 'high', 400],
    ]);
    // Text the writer would not produce by itself stays verbatim.
    expect(readings.map((record) => record.sourceCells?.['Readings (CGM / BGM)'])).toEqual([
      undefined,
      'Low',
      undefined,
      undefined,
      undefined,
      'High',
    ]);
  });

  it('resolves the repeated hour from row order', async () => {
    const records = await read(TCONNECT_EDGE_SAMPLE);
    const inHour = records.filter(
      (record) => record.deviceTime.slice(11, 13) === '01' && record.type !== 'pumpSettings',
    );
    // New York 2025-11-02: 02:00 EDT (UTC-4) becomes 01:00 EST (UTC-5) at 06:00 UTC. The
    // readings step back from 01:31:12 to 01:01:11, so the rows before are EDT and the row
    // after is EST. The two IOB rows never step back, so order cannot tell their pass.
    expect(
      inHour.map((record) => [record.deviceTime.slice(11), record.timeResolution, record.time]),
    ).toEqual([
      ['01:01:10', 'resolved', '2025-11-02T05:01:10.000Z'],
      ['01:31:12', 'resolved', '2025-11-02T05:31:12.000Z'],
      ['01:01:11', 'resolved', '2025-11-02T06:01:11.000Z'],
      ['01:05:00', 'ambiguous', '2025-11-02T05:05:00.000Z'],
      ['01:05:30', 'ambiguous', '2025-11-02T05:05:30.000Z'],
    ]);
    expect(records.find((record) => record.type === 'smbg')).toMatchObject({
      subType: 'manual',
      valueMgDl: 52,
    });
  });

  it('reads an extended bolus', async () => {
    const records = await read(TCONNECT_EDGE_SAMPLE);
    expect(records.find((record) => record.type === 'bolus')).toMatchObject({
      subType: 'dual/square',
      normalUnits: 1.75,
      extendedUnits: 1.75,
      durationMs: 120 * 60_000,
    });
    expect(records.find((record) => record.type === 'wizard')).toMatchObject({
      carbsGrams: 0,
      bgInputMgDl: 188,
      insulinOnBoardUnits: 1.2,
      recommendedUnits: 3.5,
      insulinCarbRatio: 8,
    });
  });
});
