import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidTimeZoneError } from '@phoenix/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { collectRead, textChunks } from './core/streams.ts';
import {
  detectFormat,
  FORMAT_MODULES,
  getFormatModule,
  readExportFile,
  readExportStream,
  UnknownFormatError,
  writeExport,
} from './registry.ts';
import { fixturePath, fixtureText } from './test-support.ts';

const scratch = mkdtempSync(join(tmpdir(), 'phoenix-formats-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text, 'utf8');
  return path;
}

/** A CSV export that no module reads: daily step counts. */
const UNKNOWN_HEAD = 'Date,Steps,Distance (km)\r\n2021-03-29,10412,7.9\r\n';

describe('detectFormat', () => {
  it('detects Clarity from content alone', () => {
    const head = fixtureText('dexcom-clarity-g6-2019-two-weeks.csv').slice(0, 8192);
    expect(detectFormat(head)).toMatchObject({ format: 'dexcom-clarity', variant: 'en' });
  });

  it('returns null for other content', () => {
    expect(detectFormat(UNKNOWN_HEAD)).toBeNull();
    expect(detectFormat('')).toBeNull();
    expect(detectFormat('{"sgv": 120}')).toBeNull();
  });
});

describe('readExportFile', () => {
  it('reads the two-week file', async () => {
    const result = await readExportFile(fixturePath('dexcom-clarity-g6-2019-two-weeks.csv'), {
      timezone: 'Europe/Helsinki',
    });
    expect(result.format).toBe('dexcom-clarity');
    expect(result.variant).toBe('en');
    expect(result.layout).toEqual({ separator: ',', quoteAll: false, bom: true, lineEnding: '\n' });
    expect(result.issues).toEqual([]);
    expect(result.records).toHaveLength(4003);
    expect(result.records[1]?.origin.file).toBe('dexcom-clarity-g6-2019-two-weeks.csv');
  });

  it('ignores the file name when detecting', async () => {
    const path = scratchFile('export.txt', fixtureText('dexcom-clarity-g7-quoted.csv'));
    const result = await readExportFile(path, { timezone: 'UTC' });
    expect(result.format).toBe('dexcom-clarity');
    expect(result.records[1]?.origin.file).toBe('export.txt');
  });

  it('lists the formats tried for an unknown file', async () => {
    const path = scratchFile('steps.csv', UNKNOWN_HEAD);
    const error = await readExportFile(path, { timezone: 'UTC' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UnknownFormatError);
    expect((error as UnknownFormatError).formatsTried).toEqual(
      FORMAT_MODULES.map((module) => module.id),
    );
    expect((error as Error).message).toContain(
      'File "steps.csv" is not a recognised device export',
    );
    expect((error as Error).message).toContain('dexcom-clarity');
  });

  it('rejects an empty file as unknown', async () => {
    const path = scratchFile('empty.csv', '');
    await expect(readExportFile(path, { timezone: 'UTC' })).rejects.toThrow(UnknownFormatError);
  });

  it.each(['', '\n\r\n  \t\n', '\uFEFF'])('says a file of %j is empty', async (text) => {
    const path = scratchFile('blank.csv', text);
    const error = await readExportFile(path, { timezone: 'UTC' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UnknownFormatError);
    expect((error as UnknownFormatError).empty).toBe(true);
    expect((error as Error).message).toBe(
      'File "blank.csv" is empty or contains only white space; export the data again.',
    );
  });

  it('does not call a file with text empty', async () => {
    const path = scratchFile('steps.csv', UNKNOWN_HEAD);
    const error = await readExportFile(path, { timezone: 'UTC' }).catch(
      (caught: unknown) => caught,
    );
    expect((error as UnknownFormatError).empty).toBe(false);
  });

  it('rejects an unknown time zone', async () => {
    const path = fixturePath('dexcom-clarity-g7-quoted.csv');
    await expect(readExportFile(path, { timezone: 'Mars/Olympus' })).rejects.toThrow(
      InvalidTimeZoneError,
    );
  });

  it('reports a missing file', async () => {
    await expect(readExportFile(join(scratch, 'missing.csv'), { timezone: 'UTC' })).rejects.toThrow(
      /ENOENT/,
    );
  });
});

describe('readExportStream', () => {
  it('streams records in small chunks', async () => {
    const text = fixtureText('dexcom-clarity-g6-bom-dst-fallback-lowhigh.csv');
    const stream = await readExportStream(textChunks(text, 7), { timezone: 'Europe/Helsinki' });
    expect(stream.format).toBe('dexcom-clarity');
    const { records, issues } = await collectRead(stream.events);
    expect(issues).toEqual([]);
    expect(records).toHaveLength(48);
  });
});

describe('writeExport', () => {
  it('writes through the module', () => {
    expect(writeExport('dexcom-clarity', [])).toBe(
      '\uFEFFIndex,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,Glucose Value (mg/dL),Insulin Value (u),Carb Value (grams),Duration (hh:mm:ss),Glucose Rate of Change (mg/dL/min),Transmitter Time (Long Integer),Transmitter ID\n',
    );
  });

  it('rejects an unknown format', () => {
    expect(() => getFormatModule('medtronic-paper')).toThrow(/Unknown format "medtronic-paper"/);
  });
});
