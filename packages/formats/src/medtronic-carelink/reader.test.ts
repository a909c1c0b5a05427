import { identityHash, type CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { fixtureText, readText } from '../test-support.ts';
import { medtronicCareLink } from './index.ts';
import type { CareLinkRecord } from './record-body.ts';
import { AUTUMN_SAMPLE, GERMAN_MMOL_SAMPLE, PUMP_EVENTS_SAMPLE } from './test-samples.ts';

const SAMPLE = fixtureText('carelink-780g-eu-semicolon.csv');
const BERLIN = { timezone: 'Europe/Berlin', fileName: 'carelink.csv' };

async function readSample(text = SAMPLE, chunkSize = 4096): Promise<CareLinkRecord[]> {
  const { records, issues } = await readText(medtronicCareLink, text, { ...BERLIN, chunkSize });
  expect(issues).toEqual([]);
  return records as CareLinkRecord[];
}

function countByType(records: readonly CanonicalRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) {
    counts[record.type] = (counts[record.type] ?? 0) + 1;
  }
  return counts;
}

function atLine(records: readonly CareLinkRecord[], line: number): CareLinkRecord[] {
  return records.filter((record) => record.origin.line === line && record.type !== 'pumpSettings');
}

describe('CareLink reader on the 780G sample', () => {
  it('counts records per type', async () => {
    const records = await readSample();
    // Independent counts with awk -F';' over the rows of 54 fields other than the header.
    // Sensor Glucose ($35): 8. Basal Rate ($8): 3, plus the auto insulin row.
    // Delivered ($14) in the Pump section: 1. Bolus Type without delivered: 1.
    // BWZ Estimate ($23): 2. Alert ($19) 1, User Cleared Alerts ($20) 3, Suspend ($21) 1,
    // Prime Type ($16) 1, and the programmed bolus: 7 events.
    expect(countByType(records)).toEqual({
      pumpSettings: 1,
      cbg: 8,
      basal: 4,
      bolus: 1,
      wizard: 2,
      deviceEvent: 7,
    });
  });

  it('gives provenance and identity to every record', async () => {
    const records = await readSample();
    for (const record of records) {
      expect(record.origin.format).toBe('medtronic-carelink');
      expect(record.origin.file).toBe('carelink.csv');
      expect(record.origin.line).toBeGreaterThan(0);
      expect(record.id).toBe(identityHash(record));
    }
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    const lines = records.map((record) => record.origin.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('reads the settings from the preamble', async () => {
    const [settings] = await readSample();
    expect(settings).toMatchObject({
      type: 'pumpSettings',
      deviceId: 'medtronic-minimed-780g:XXXXXXXXXX',
      settings: {
        device: 'MiniMed 780G MMT-1111',
        serialNumber: 'XXXXXXXXXX',
        hardwareVersion: 'A2.01',
        firmwareVersion: '8.13.2',
        cgm: 'Guardian™ 4 Sensor',
        startDate: '04.07.2026 00:00:00',
        hasPreamble: true,
      },
    });
    expect(JSON.stringify(settings)).not.toContain('YYY');
  });

  it('reads a delivered bolus and its programmed row', async () => {
    const records = await readSample();
    // Line 10: 2026/07/04 22:48:05 in Berlin summer time (UTC+2) is 20:48:05 UTC.
    expect(atLine(records, 10)).toEqual([
      expect.objectContaining({
        type: 'bolus',
        subType: 'normal',
        normalUnits: 1.9,
        extendedUnits: null,
        time: '2026-07-04T20:48:05.000Z',
        deviceTime: '2026-07-04T22:48:05',
        timezoneOffset: 120,
        timeResolution: 'exact',
        origin: {
          format: 'medtronic-carelink',
          file: 'carelink.csv',
          line: 10,
          sourceRowId: '71,00000',
        },
        sourceCells: {
          'Bolus Number': '205',
          'Bolus Source': 'CLOSED_LOOP_BG_CORRECTION_AND_FOOD_BOLUS',
        },
      }),
    ]);
    // An event has no amount field, so the selected amount stays a source cell.
    expect(atLine(records, 11)).toEqual([
      expect.objectContaining({
        type: 'deviceEvent',
        subType: 'bolusProgrammed',
        detail: 'Normal',
        sourceCells: {
          'Bolus Volume Selected (U)': '1,9',
          'Bolus Number': '205',
          'Bolus Source': 'CLOSED_LOOP_BG_CORRECTION_AND_FOOD_BOLUS',
        },
      }),
    ]);
  });

  it('reads the bolus wizard', async () => {
    const [wizard] = atLine(await readSample(), 12);
    expect(wizard).toMatchObject({
      type: 'wizard',
      carbsGrams: 14,
      recommendedUnits: 1.9,
      bgInputMgDl: 152,
      insulinOnBoardUnits: null,
      insulinCarbRatio: 7.5,
      sourceCells: { 'BWZ Status': 'Delivered', 'BWZ Correction Estimate (U)': '0' },
    });
  });

  it('reads a suspension as a basal and an event', async () => {
    const records = await readSample();
    // The next basal row in time is line 13 at 22:07:40; 22:07:40 - 19:39:57 = 2:27:43.
    expect(atLine(records, 17)).toEqual([
      expect.objectContaining({
        type: 'basal',
        deliveryType: 'suspend',
        rateUnitsPerHour: 0,
        durationMs: ((2 * 60 + 27) * 60 + 43) * 1000,
      }),
      expect.objectContaining({
        type: 'deviceEvent',
        subType: 'suspend',
        detail: 'NOTSEATED_SUSPEND',
      }),
    ]);
    // Line 19 at 00:08:09 runs until the suspension at 19:39:57: 19:31:48.
    expect(atLine(records, 19)[0]).toMatchObject({
      deliveryType: 'scheduled',
      rateUnitsPerHour: 0.7,
      durationMs: ((19 * 60 + 31) * 60 + 48) * 1000,
    });
    expect(atLine(records, 13)[0]).toMatchObject({ rateUnitsPerHour: 0.7, durationMs: null });
  });

  it('reads the daily auto insulin as automated basal', async () => {
    const [auto] = atLine(await readSample(), 23);
    expect(auto).toMatchObject({
      type: 'basal',
      deliveryType: 'automated',
      durationMs: 24 * 3_600_000,
      time: '2026-07-03T22:00:00.000Z',
    });
    expect((auto as { rateUnitsPerHour: number }).rateUnitsPerHour).toBeCloseTo(20.494 / 24, 12);
  });

  it('reads prime, alerts and sensor glucose', async () => {
    const records = await readSample();
    expect(atLine(records, 16)[0]).toMatchObject({
      subType: 'prime',
      detail: 'Cannula Fill',
      sourceCells: {
        'Prime Volume Delivered (U)': '0',
        'Estimated Reservoir Volume after Fill (U)': '147,975',
      },
    });
    expect(atLine(records, 9)[0]).toMatchObject({
      subType: 'alarm',
      detail: 'PERSONAL REMINDER: vibration',
    });
    expect(atLine(records, 18)[0]).toMatchObject({
      subType: 'alarmCleared',
      detail: 'URGENT LOW SENSOR GLUCOSE',
    });
    expect(atLine(records, 27)[0]).toMatchObject({
      type: 'cbg',
      valueMgDl: 108,
      sourceUnits: 'mg/dL',
      time: '2026-07-05T01:43:00.000Z',
      sourceCells: { 'ISIG Value': '19,24' },
    });
  });

  it('keeps no cell that a record field holds', async () => {
    const held = [
      'Sensor Glucose (mg/dL)',
      'Basal Rate (U/h)',
      'Bolus Type',
      'Bolus Volume Delivered (U)',
      'BWZ Estimate (U)',
      'BWZ Carb Input (grams)',
      'BWZ Carb Ratio (g/U)',
      'BWZ BG/SG Input (mg/dL)',
      'Alert',
      'User Cleared Alerts',
      'Suspend',
      'Prime Type',
    ];
    for (const record of await readSample()) {
      for (const name of held) {
        expect(record.sourceCells?.[name], `${name} at line ${record.origin.line}`).toBeUndefined();
      }
    }
  });

  it('reads the same in chunks of 7 characters', async () => {
    expect(await readSample(SAMPLE, 7)).toEqual(await readSample(SAMPLE, 65_536));
  });
});

describe('CareLink reader on hand-made samples', () => {
  it('resolves the repeated autumn hour from row order', async () => {
    const records = await readSample(AUTUMN_SAMPLE);
    const cbg = records.filter((record) => record.type === 'cbg');
    expect(
      cbg.map((record) => [record.deviceTime.slice(11), record.timeResolution, record.time]),
    ).toEqual([
      // Berlin 2025-10-26: 03:00 CEST (UTC+2) becomes 02:00 CET (UTC+1) at 01:00 UTC. Rows are
      // newest first, so the rows before the step forward (02:50 → 02:55) are CET.
      ['03:05:00', 'exact', '2025-10-26T02:05:00.000Z'],
      ['02:55:00', 'resolved', '2025-10-26T01:55:00.000Z'],
      ['02:50:00', 'resolved', '2025-10-26T01:50:00.000Z'],
      ['02:55:00', 'resolved', '2025-10-26T00:55:00.000Z'],
      ['02:50:00', 'resolved', '2025-10-26T00:50:00.000Z'],
      ['01:55:00', 'exact', '2025-10-25T23:55:00.000Z'],
    ]);
    expect(new Set(cbg.map((record) => record.id)).size).toBe(6);
  });

  it('marks a lone pump row in the repeated hour ambiguous', async () => {
    const [basal] = (await readSample(AUTUMN_SAMPLE)).filter((record) => record.type === 'basal');
    // The Pump section has one row at 02:40, so order cannot tell its pass. It takes the
    // earlier instant, CEST: 00:40 UTC.
    expect(basal).toMatchObject({ timeResolution: 'ambiguous', time: '2025-10-26T00:40:00.000Z' });
  });

  it('spreads auto insulin over a 25-hour day', async () => {
    const auto = (await readSample(AUTUMN_SAMPLE)).find(
      (record) => record.type === 'basal' && record.deliveryType === 'automated',
    );
    // 18.5 U over the 25 hours of 2025-10-26 in Berlin.
    expect(auto).toMatchObject({ durationMs: 25 * 3_600_000, rateUnitsPerHour: 0.74 });
  });

  it('marks a time in the spring gap nonexistent', async () => {
    const [calibration] = atLine(await readSample(PUMP_EVENTS_SAMPLE), 3);
    // 02:30 does not exist on 2025-03-30 in Berlin; the offset before the gap (UTC+1) is used.
    expect(calibration).toMatchObject({
      type: 'smbg',
      subType: 'calibration',
      valueMgDl: 112,
      timeResolution: 'nonexistent',
      time: '2025-03-30T01:30:00.000Z',
    });
  });

  it('reads dual wave, square and cancelled boluses', async () => {
    const records = await readSample(PUMP_EVENTS_SAMPLE);
    expect(atLine(records, 5)[0]).toMatchObject({
      subType: 'dual/square',
      normalUnits: null,
      extendedUnits: 1.5,
      durationMs: 90 * 60_000,
    });
    expect(atLine(records, 6)[0]).toMatchObject({
      subType: 'dual/square',
      normalUnits: 2.5,
      extendedUnits: null,
    });
    expect(atLine(records, 7)[0]).toMatchObject({
      subType: 'square',
      extendedUnits: 2.2,
      durationMs: 2 * 3_600_000,
      sourceCells: { 'Bolus Volume Selected (U)': '3', 'Bolus Number': '30' },
    });
  });

  it('reads temporary basals, suspend, resume and rewind', async () => {
    const records = await readSample(PUMP_EVENTS_SAMPLE);
    expect(atLine(records, 8)[0]).toMatchObject({
      deliveryType: 'temp',
      rateUnitsPerHour: null,
      durationMs: 7_200_000,
    });
    expect(atLine(records, 9)[0]).toMatchObject({
      deliveryType: 'temp',
      rateUnitsPerHour: 0.4,
      durationMs: 1_800_000,
    });
    expect(atLine(records, 10)).toEqual([
      expect.objectContaining({ type: 'basal', deliveryType: 'scheduled', rateUnitsPerHour: 0.8 }),
      expect.objectContaining({ type: 'deviceEvent', subType: 'resume', detail: 'NORMAL_PUMPING' }),
    ]);
    expect(atLine(records, 11)[0]).toMatchObject({ subType: 'reservoirChange', detail: 'Rewind' });
    // The suspension at 12:00 ends with the resume at 12:30.
    expect(atLine(records, 12)[0]).toMatchObject({
      deliveryType: 'suspend',
      durationMs: 1_800_000,
    });
    expect(atLine(records, 4)[0]).toMatchObject({
      type: 'smbg',
      subType: 'linked',
      valueMgDl: 142,
    });
  });

  it('reads German headers in mmol/L', async () => {
    const records = await readSample(GERMAN_MMOL_SAMPLE);
    expect(countByType(records)).toEqual({ pumpSettings: 1, bolus: 1, wizard: 1, smbg: 1, cbg: 1 });
    const cbg = records.find((record) => record.type === 'cbg');
    // 6.8 mmol/L × 18.01559 = 122.506012 mg/dL.
    expect(cbg).toMatchObject({ sourceUnits: 'mmol/L', deviceTime: '2026-07-05T12:05:00' });
    expect((cbg as { valueMgDl: number }).valueMgDl).toBeCloseTo(122.506012, 6);
    expect(records.find((record) => record.type === 'wizard')).toMatchObject({ carbsGrams: 45 });
  });

  it('streams rows before the input ends', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, at) => `${at + 1},00000;2026/07/05;03:43:00;${';'.repeat(31)}108;19,24${';'.repeat(18)}`,
    );
    const header = SAMPLE.split('\n')[6];
    const text = `-------;MiniMed 780G;Sensor;S1;------- \n${header}\n${rows.join('\n')}\n`;
    let pulled = 0;
    async function* chunks(): AsyncGenerator<string> {
      for (let start = 0; start < text.length; start += 1024) {
        pulled += 1;
        yield text.slice(start, start + 1024);
      }
    }
    let pulledAtFirstRecord = -1;
    for await (const event of medtronicCareLink.read(chunks(), BERLIN)) {
      if (event.kind === 'record' && pulledAtFirstRecord === -1) {
        pulledAtFirstRecord = pulled;
      }
    }
    expect(pulled).toBeGreaterThan(150);
    expect(pulledAtFirstRecord).toBeLessThanOrEqual(10);
  });
});
