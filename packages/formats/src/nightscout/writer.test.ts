import type { BaseRecord, CanonicalRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { dexcomClarity } from '../dexcom-clarity/index.ts';
import { detectFormat, writeExport } from '../registry.ts';
import { fixtureText, readText } from '../test-support.ts';
import { nightscout } from './index.ts';
import type { NightscoutRecord } from './source.ts';
import type { NightscoutVariant } from './variants.ts';

const LOOP_FILE = 'nightscout-loop-entries-treatments.json';

async function readRecords(text: string, timezone: string, fileName = 'in.json') {
  const { records, issues } = await readText(nightscout, text, { timezone, fileName });
  return { records: records as NightscoutRecord[], issues };
}

/** Parses written text into its documents, whatever the layout. */
function writtenDocuments(text: string, variant: NightscoutVariant): Record<string, unknown>[] {
  if (variant === 'ndjson') {
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  const value: unknown = JSON.parse(text);
  if (Array.isArray(value)) {
    return value as Record<string, unknown>[];
  }
  return Object.values(value as Record<string, Record<string, unknown>[]>).flat();
}

describe('Nightscout writer round trip', () => {
  it('reproduces the Loop sample byte for byte', async () => {
    const text = fixtureText(LOOP_FILE);
    const first = await readRecords(text, 'Europe/Helsinki', LOOP_FILE);
    expect(first.issues).toEqual([]);
    // The `_note` member is a comment that the reader skips, so the test passes it back.
    const note = (JSON.parse(text) as { _note: string })._note;
    const written = writeExport('nightscout', first.records, {
      variant: 'collections',
      fileMembers: { _note: note },
    });
    expect(Buffer.from(written, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);

    const second = await readRecords(written, 'Europe/Helsinki', LOOP_FILE);
    expect(second.records).toEqual(first.records);
  });

  const handMade: [string, string, NightscoutVariant][] = [
    ['nightscout-xdrip-plus-array-handmade.json', 'America/Los_Angeles', 'array'],
    ['nightscout-androidaps-handmade.ndjson', 'Europe/Prague', 'ndjson'],
    ['nightscout-trio-collections-handmade.json', 'Europe/Berlin', 'collections'],
  ];

  it.each(handMade)('reproduces %s byte for byte', async (name, timezone, variant) => {
    const text = fixtureText(name);
    expect(detectFormat(text)).toEqual({ format: 'nightscout', variant });
    const first = await readRecords(text, timezone, name);
    const written = nightscout.write(first.records, { variant });
    expect(written).toBe(text);
    const second = await readRecords(written, timezone, name);
    expect(second.records).toEqual(first.records);
  });
});

describe('Nightscout writer on changed records', () => {
  it('rewrites only the members a record changes', async () => {
    const { records } = await readRecords(fixtureText(LOOP_FILE), 'UTC');
    const changed = records.map((record, index) =>
      index === 0 ? ({ ...record, valueMgDl: 150 } as NightscoutRecord) : record,
    );
    const [written] = writtenDocuments(nightscout.write(changed, { variant: 'array' }), 'array');
    expect(written).toEqual({ ...records[0]?.nightscout.document, sgv: 150 });
    expect(Object.keys(written ?? {})).toEqual(Object.keys(records[0]?.nightscout.document ?? {}));
  });

  it('rewrites every time member when the time changes', async () => {
    const { records } = await readRecords(fixtureText(LOOP_FILE), 'UTC');
    const moved = { ...records[1], time: '2026-05-08T23:56:00.000Z' } as NightscoutRecord;
    const [written] = writtenDocuments(nightscout.write([moved], { variant: 'array' }), 'array');
    expect(written).toMatchObject({
      date: Date.parse('2026-05-08T23:56:00.000Z'),
      dateString: '2026-05-08T23:56:00.000+00:00',
      sysTime: '2026-05-08T23:56:00.000+00:00',
      sgv: 164,
      _id: '2b73472e3ae57f43f30295de',
    });
  });

  it('keeps a meal bolus and its carbs in one treatment', async () => {
    const text = fixtureText('nightscout-trio-collections-handmade.json');
    const { records } = await readRecords(text, 'Europe/Berlin');
    const meal = records.filter((record) => record.origin.line === 3);
    const changed = meal.map((record) =>
      record.type === 'food' ? ({ ...record, carbsGrams: 50 } as NightscoutRecord) : record,
    );
    const written = writtenDocuments(nightscout.write(changed, { variant: 'array' }), 'array');
    expect(written).toEqual([
      {
        eventType: 'Meal Bolus',
        insulin: 3.2,
        carbs: 50,
        created_at: '2025-06-14T10:12:00.000Z',
        enteredBy: 'Trio',
        id: 'B3C1E0D2-5A47-4F19-9E2B-7C8D6A5F4E31',
      },
    ]);
  });

  it('rebuilds a changed profile in its own units', async () => {
    const text = fixtureText('nightscout-trio-collections-handmade.json');
    const { records } = await readRecords(text, 'Europe/Berlin');
    const profile = records.find((record) => record.type === 'pumpSettings') as NightscoutRecord & {
      settings: { basalSchedules: Record<string, { startMs: number; value: number }[]> };
    };
    const basal = profile.settings.basalSchedules['default'] ?? [];
    const changed = {
      ...profile,
      settings: {
        ...profile.settings,
        basalSchedules: { default: [{ startMs: 0, value: 0.85 }, ...basal.slice(1)] },
      },
    };
    const [written] = writtenDocuments(nightscout.write([changed], { variant: 'array' }), 'array');
    const source = profile.nightscout.document as { store: { default: Record<string, unknown> } };
    expect(written).toEqual({
      ...source,
      store: {
        default: {
          ...source.store.default,
          basal: [
            { time: '00:00', timeAsSeconds: 0, value: 0.85 },
            { time: '06:00', timeAsSeconds: 21600, value: 1.05 },
            { time: '22:00', timeAsSeconds: 79200, value: 0.9 },
          ],
        },
      },
    });
  });

  it('writes a changed 39 reading back as 39', async () => {
    const text = fixtureText('nightscout-xdrip-plus-array-handmade.json');
    const { records } = await readRecords(text, 'UTC');
    const low = { ...records[1], deviceId: 'xDrip-DexcomG7' } as NightscoutRecord;
    const [written] = writtenDocuments(nightscout.write([low], { variant: 'array' }), 'array');
    expect(written).toMatchObject({
      sgv: 39,
      device: 'xDrip-DexcomG7',
      direction: 'NOT COMPUTABLE',
    });
  });
});

describe('Nightscout writer on records from other formats', () => {
  it('writes Clarity records that read back the same', async () => {
    const clarity = fixtureText('dexcom-clarity-g6-bom-dst-fallback-lowhigh.csv');
    const source = await readText(dexcomClarity, clarity, { timezone: 'Europe/Helsinki' });
    for (const variant of ['array', 'collections', 'ndjson'] as const) {
      const written = nightscout.write(source.records, { variant });
      const back = await readRecords(written, 'UTC');
      expect(back.issues).toEqual([]);

      const expected = source.records.filter((record) =>
        ['cbg', 'smbg', 'bolus', 'food'].includes(record.type),
      );
      expect(back.records.map(comparable)).toEqual(expected.map(comparable));
    }
  });

  it('skips records Nightscout cannot hold', () => {
    const base: Omit<BaseRecord, 'type'> = {
      id: '0'.repeat(64),
      time: '2024-01-01T00:00:00.000Z',
      deviceTime: '2024-01-01T01:00:00',
      timezoneOffset: 60,
      clockDriftOffset: 0,
      conversionOffset: 0,
      timeResolution: 'exact',
      deviceId: 'pump:1',
      origin: { format: 'test' },
    };
    const records: CanonicalRecord[] = [
      { ...base, type: 'cgmSettings', settings: {} },
      {
        ...base,
        type: 'wizard',
        carbsGrams: 10,
        recommendedUnits: 1,
        bgInputMgDl: null,
        insulinOnBoardUnits: null,
        insulinCarbRatio: null,
      },
      {
        ...base,
        type: 'basal',
        deliveryType: 'scheduled',
        rateUnitsPerHour: 0.8,
        durationMs: 3600_000,
      },
      { ...base, type: 'deviceEvent', subType: 'status' },
      { ...base, type: 'pumpSettings', settings: { alerts: [] } },
    ];
    expect(nightscout.write(records, { variant: 'array' })).toBe('[]');
  });

  it('writes a new treatment with its offset', () => {
    const bolus: CanonicalRecord = {
      id: '0'.repeat(64),
      type: 'bolus',
      subType: 'dual/square',
      normalUnits: 1,
      extendedUnits: 3,
      durationMs: 90 * 60_000,
      time: '2024-01-01T00:00:00.000Z',
      deviceTime: '2024-01-01T01:00:00',
      timezoneOffset: 60,
      clockDriftOffset: 0,
      conversionOffset: 0,
      timeResolution: 'exact',
      deviceId: 'pump:1',
      origin: { format: 'test' },
    };
    expect(JSON.parse(nightscout.write([bolus], { variant: 'document' }))).toEqual({
      eventType: 'Combo Bolus',
      insulin: 1,
      enteredinsulin: 4,
      splitNow: 25,
      splitExt: 75,
      duration: 90,
      created_at: '2024-01-01T00:00:00.000Z',
      utcOffset: 60,
      enteredBy: 'pump:1',
    });
  });
});

describe('Nightscout writer options', () => {
  it('applies indent and final newline', async () => {
    const { records } = await readRecords(fixtureText(LOOP_FILE), 'UTC');
    const written = nightscout.write(records.slice(0, 1), {
      variant: 'array',
      indent: 0,
      finalNewline: true,
    });
    expect(written.split('\n')).toHaveLength(2);
    expect(written.endsWith('}]\n')).toBe(true);
  });

  it('rejects an unknown variant', () => {
    expect(() => nightscout.write([], { variant: 'xml' as NightscoutVariant })).toThrow(RangeError);
  });

  it('rejects several documents in the document variant', async () => {
    const { records } = await readRecords(fixtureText(LOOP_FILE), 'UTC');
    expect(() => nightscout.write(records, { variant: 'document' })).toThrow(
      'The document variant contains exactly one document, but the records give 7.',
    );
  });
});

/** Returns the canonical fields that both formats can store. */
function comparable(record: CanonicalRecord): Record<string, unknown> {
  const { type, time, deviceTime, timezoneOffset } = record;
  const common = { type, time, deviceTime, timezoneOffset };
  switch (record.type) {
    case 'cbg':
    case 'smbg':
      return {
        ...common,
        type: record.type,
        valueMgDl: record.valueMgDl,
        outOfRange: record.outOfRange,
        thresholdMgDl: record.thresholdMgDl,
      };
    case 'bolus':
      return { ...common, normalUnits: record.normalUnits };
    case 'food':
      return { ...common, carbsGrams: record.carbsGrams };
    default:
      return common;
  }
}
