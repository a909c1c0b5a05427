import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalRecord, CbgRecord } from '@phoenix/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { collectRead } from '../core/streams.ts';
import { bytesSource, readZipDirectory, readZipEntry } from '../core/zip.ts';
import { writeExport } from '../registry.ts';
import { fixturePath, fixtureText } from '../test-support.ts';
import { glooko } from './index.ts';
import type { GlookoWriteOptions } from './writer.ts';

const GERMAN = 'glooko-de-mgdl.zip';
const ENGLISH = 'glooko-en-mmol-infozip.zip';
/** Entries of the hand-made English export, in the order the writer writes them. */
const ENGLISH_ENTRIES = [
  'cgm_data_1.csv',
  'cgm_data_2.csv',
  'bg_data_1.csv',
  'carbs_data_1.csv',
  'alarms_data_1.csv',
  'Insulin data/bolus_data_1.csv',
  'Insulin data/basal_data_1.csv',
  'Insulin data/insulin_data_1.csv',
];

const scratch = mkdtempSync(join(tmpdir(), 'phoenix-glooko-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const hasUnzip = ((): boolean => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function readArchive(
  bytes: Uint8Array,
  fileName: string,
  timezone: string,
): Promise<CanonicalRecord[]> {
  const { records, issues } = await collectRead(
    glooko.readBinary!(bytesSource(bytes), { timezone, fileName }),
  );
  expect(issues).toEqual([]);
  return records;
}

async function entries(bytes: Uint8Array): Promise<Map<string, string>> {
  const source = bytesSource(bytes);
  const texts = new Map<string, string>();
  for (const entry of await readZipDirectory(source)) {
    const chunks: Buffer[] = [];
    for await (const chunk of readZipEntry(source, entry)) {
      chunks.push(chunk);
    }
    texts.set(entry.name, Buffer.concat(chunks).toString('utf8'));
  }
  return texts;
}

describe('Glooko writer round trip', () => {
  // The German archive has stored entries with the writer's fixed time; see the fixture README.
  const germanOptions: GlookoWriteOptions = {
    variant: 'de',
    compression: 'store',
    patientName: 'Erika Mustermann',
  };

  it('reproduces the German archive byte for byte', async () => {
    const bytes = readFileSync(fixturePath(GERMAN));
    const records = await readArchive(bytes, GERMAN, 'Europe/Berlin');
    const written = glooko.writeBinary!(records, germanOptions);
    expect(Buffer.from(written).equals(bytes)).toBe(true);
  });

  it('reads the same records back from the German archive', async () => {
    const first = await readArchive(readFileSync(fixturePath(GERMAN)), GERMAN, 'Europe/Berlin');
    const written = glooko.writeBinary!(first, germanOptions);
    expect(await readArchive(written, GERMAN, 'Europe/Berlin')).toEqual(first);
  });

  it('reproduces every table of the English archive byte for byte', async () => {
    const records = await readArchive(readFileSync(fixturePath(ENGLISH)), ENGLISH, 'Europe/London');
    const written = glooko.writeBinary!(records, {
      variant: 'en-mmol',
      patientName: 'John Doe',
      layout: { bom: true },
    });
    const texts = await entries(written);
    expect([...texts.keys()]).toEqual(ENGLISH_ENTRIES);
    for (const name of ENGLISH_ENTRIES) {
      expect(texts.get(name)).toBe(fixtureText(`glooko-en-mmol/${name}`));
    }
    expect(await readArchive(written, ENGLISH, 'Europe/London')).toEqual(records);
  });

  it('writes one table as text', async () => {
    const records = await readArchive(readFileSync(fixturePath(GERMAN)), GERMAN, 'Europe/Berlin');
    const text = writeExport('glooko', records, { ...germanOptions, table: 'bolus' });
    expect(text).toBe(fixtureText('glooko-de-mgdl/Insulin data/bolus_data_1.csv'));
  });
});

describe('Glooko writer', () => {
  const base = {
    id: '',
    timezoneOffset: 120,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'exact' as const,
    deviceId: 'dexcom-g6:8AB12C',
    origin: { format: 'synthetic' },
  };
  const reading = (deviceTime: string, valueMgDl: number): CbgRecord => ({
    ...base,
    type: 'cbg',
    time: `${deviceTime}.000Z`,
    deviceTime,
    valueMgDl,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: 'mg/dL',
  });
  const records: CanonicalRecord[] = [
    reading('2024-05-01T08:00:00', 104),
    reading('2024-05-02T08:05:00', 104.49),
    {
      ...base,
      type: 'basal',
      time: '2024-05-01T08:00:00.000Z',
      deviceTime: '2024-05-01T08:00:00',
      deliveryType: 'temp',
      rateUnitsPerHour: 0.35,
      durationMs: 30 * 60_000,
    },
    {
      ...base,
      type: 'smbg',
      subType: 'calibration',
      time: '2024-05-01T09:00:00.000Z',
      deviceTime: '2024-05-01T09:00:00',
      valueMgDl: 99,
      outOfRange: null,
      thresholdMgDl: null,
      sourceUnits: 'mg/dL',
    },
  ];

  it('writes records from other sources', async () => {
    const texts = await entries(glooko.writeBinary!(records, { order: 'newestFirst' }));
    expect(texts.get('cgm_data_1.csv')).toBe(
      [
        'Name:,Date Range:2024-05-01 - 2024-05-02,',
        'Timestamp,CGM Glucose Value (mg/dl),Serial Number',
        '2024-05-02 08:05,104.49,8AB12C',
        '2024-05-01 08:00,104.0,8AB12C',
        '',
      ].join('\n'),
    );
    expect(texts.get('Insulin data/basal_data_1.csv')?.split('\n')[2]).toBe(
      '2024-05-01 08:00,Temp,30,,0.35,,8AB12C',
    );
    // A calibration is written as a meter reading that was not typed in.
    expect(texts.get('bg_data_1.csv')?.split('\n')[2]).toBe('2024-05-01 09:00,99.0,,8AB12C');
    expect(texts.get('alarms_data_1.csv')).toBe(
      'Name:,Date Range:2024-05-01 - 2024-05-02,\nTimestamp,Alarm/Event,Serial Number\n',
    );
  });

  it('skips readings without a value', () => {
    const low: CanonicalRecord = {
      ...reading('2024-05-01T08:10:00', 0),
      valueMgDl: null,
      outOfRange: 'low',
      thresholdMgDl: 40,
    };
    const text = writeExport('glooko', [records[0]!, low], { table: 'cgm' });
    expect(text.split('\n').slice(2)).toEqual(['2024-05-01 08:00,104.0,8AB12C', '']);
  });

  it('writes German mmol/L with decimal commas', () => {
    const text = writeExport('glooko', records, { variant: 'de-mmol', order: 'oldestFirst' });
    // 104 mg/dL / 18.01559 = 5.7727 mmol/L, written with two decimals.
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Name:,Datumsbereich:01.05.2024 - 02.05.2024,',
      'Zeitstempel,CGM-Glukosewert (mmol/l),Seriennummer',
      '01.05.2024 08:00,"5,77",8AB12C',
    ]);
  });

  it('writes further files of a table in number order', async () => {
    const moved = (file: string): CanonicalRecord => ({
      ...(records[0] as CbgRecord),
      origin: { format: 'glooko', file: `old.zip:${file}`, line: 3 },
    });
    const written = glooko.writeBinary!([moved('cgm_data_10.csv'), moved('cgm_data_2.csv')], {});
    const names = [...(await entries(written)).keys()];
    expect(names.slice(0, 4)).toEqual([
      'cgm_data_1.csv',
      'cgm_data_2.csv',
      'cgm_data_10.csv',
      'bg_data_1.csv',
    ]);
  });

  it('gives identical bytes for identical input', () => {
    const first = glooko.writeBinary!(records, { modifiedAt: '2024-05-03T10:00:00' });
    const second = glooko.writeBinary!(records, { modifiedAt: '2024-05-03T10:00:00' });
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it.skipIf(!hasUnzip)('writes an archive Info-ZIP extracts', async () => {
    const path = join(scratch, 'export.zip');
    writeFileSync(path, glooko.writeBinary!(records, {}));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain(
      'No errors detected',
    );
    const cgm = execFileSync('unzip', ['-p', path, 'cgm_data_1.csv'], { encoding: 'utf8' });
    expect(cgm.split('\n')[2]).toBe('2024-05-01 08:00,104.0,8AB12C');
  });

  it('rejects an unknown variant or table', () => {
    expect(() => glooko.writeBinary!([], { variant: 'fr' })).toThrow(/Unknown Glooko variant "fr"/);
    expect(() => writeExport('glooko', [], { table: 'food' })).toThrow(
      /Unknown Glooko table "food"/,
    );
  });
});
