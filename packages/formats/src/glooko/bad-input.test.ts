import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidTimeZoneError } from '@phoenix/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { CUT_OFF_ROW_MESSAGE } from '../core/csv-tokenizer.ts';
import { collectRead } from '../core/streams.ts';
import { bytesSource, writeZip } from '../core/zip.ts';
import { readExportFile, UnknownFormatError } from '../registry.ts';
import { fixturePath, fixtureText } from '../test-support.ts';
import { glooko } from './index.ts';

const BERLIN = { timezone: 'Europe/Berlin', fileName: 'bad.zip' };
const CGM = fixtureText('glooko-de-mgdl/cgm_data_1.csv');
const BOLUS = fixtureText('glooko-de-mgdl/Insulin data/bolus_data_1.csv');
const BASAL = fixtureText('glooko-de-mgdl/Insulin data/basal_data_1.csv');
const TITLE = CGM.split('\n')[0] as string;

const scratch = mkdtempSync(join(tmpdir(), 'phoenix-glooko-bad-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Builds an archive of `files` (path and text) with this package's ZIP writer. */
function archive(
  files: Record<string, string>,
  compression: 'deflate' | 'store' = 'store',
): Buffer {
  const entries = Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text) }));
  return writeZip(entries, { compression });
}

async function read(bytes: Uint8Array): Promise<Awaited<ReturnType<typeof collectRead>>> {
  return collectRead(glooko.readBinary!(bytesSource(bytes), BERLIN));
}

/** Returns `text` with line `lineNumber` (one-based) replaced. */
function withLine(text: string, lineNumber: number, replacement: string): string {
  const lines = text.split('\n');
  lines[lineNumber - 1] = replacement;
  return lines.join('\n');
}

describe('Glooko reader on damaged archives', () => {
  it('skips an entry whose CRC-32 does not match', async () => {
    const bytes = Buffer.from(readFileSync(fixturePath('glooko-de-mgdl.zip')));
    // The first entry, cgm_data_1.csv, is stored: its data starts after the 30-byte local header
    // and the 14-byte name. Changing "160" to "170" on line 3 keeps the text valid.
    const at = bytes.indexOf('"160,0"', 44) + 2;
    bytes.writeUInt8('7'.charCodeAt(0), at);
    const { records, issues } = await read(bytes);
    expect(issues).toEqual([
      {
        file: 'bad.zip:cgm_data_1.csv',
        line: null,
        column: null,
        value: null,
        message:
          'Entry "cgm_data_1.csv" is corrupt: its CRC-32 does not match. The entry is skipped.',
        severity: 'error',
      },
    ]);
    // The 14 records of the other tables are still read.
    expect(records).toHaveLength(14);
    expect(records.some((record) => record.type === 'cbg')).toBe(false);
  });

  it('skips an entry whose deflate data does not decode', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => {
      const time = `${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
      return `22.06.2026 ${time},"${100 + (i % 50)},0",SN`;
    });
    const long = [...CGM.split('\n').slice(0, 2), ...rows, ''].join('\n');
    const bg = fixtureText('glooko-de-mgdl/bg_data_1.csv');
    const bytes = archive({ 'cgm_data_1.csv': long, 'bg_data_1.csv': bg }, 'deflate');

    // Overwrite the second half of the first entry's deflate data, which starts at byte 44.
    const compressedSize = bytes.readUInt32LE(18);
    for (let at = 44 + Math.floor(compressedSize / 2); at < 44 + compressedSize - 8; at++) {
      bytes.writeUInt8(0xff, at);
    }
    const { records, issues } = await read(bytes);

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'bad.zip:cgm_data_1.csv',
      column: null,
      severity: 'error',
    });
    expect(issues[0]?.message).toMatch(/deflate data failed to decode/);
    // The line where decoding stopped: past the title and header, within the 400 rows.
    expect(issues[0]?.line).toBeGreaterThan(2);
    expect(issues[0]?.line).toBeLessThanOrEqual(402);
    expect(records.map((record) => record.type)).toEqual(['smbg', 'smbg']);
  });

  it('reports a truncated archive', async () => {
    const bytes = readFileSync(fixturePath('glooko-de-mgdl.zip'));
    const { records, issues } = await read(bytes.subarray(0, 1500));
    expect(records).toEqual([]);
    expect(issues).toMatchObject([
      {
        file: 'bad.zip',
        line: null,
        message: expect.stringMatching(/end-of-central-directory record is missing/),
      },
    ]);
  });

  it('rejects a ZIP archive of other files as unknown', async () => {
    const path = join(scratch, 'photos.zip');
    writeFileSync(path, archive({ 'photo.txt': 'not a table\n' }));
    await expect(readExportFile(path, { timezone: 'UTC' })).rejects.toThrow(UnknownFormatError);
  });

  it('throws for an unknown time zone before reading', async () => {
    const events = glooko.readBinary!(bytesSource(archive({ 'cgm_data_1.csv': CGM })), {
      timezone: 'Mars/Olympus',
    });
    await expect(collectRead(events)).rejects.toThrow(InvalidTimeZoneError);
  });
});

describe('Glooko reader on bad rows', () => {
  it('reports a bad timestamp and goes on', async () => {
    const cgm = withLine(CGM, 4, '26.10.2025 2:55,"158,0",00000000-000000001');
    const { records, issues } = await read(archive({ 'cgm_data_1.csv': cgm }));
    expect(issues).toEqual([
      {
        file: 'bad.zip:cgm_data_1.csv',
        line: 4,
        column: 'Zeitstempel',
        value: '26.10.2025 2:55',
        message: 'Invalid timestamp. Expected DD.MM.YYYY HH:mm.',
        severity: 'error',
      },
    ]);
    expect(records).toHaveLength(5);
  });

  it('rejects a last row cut off inside its serial number', async () => {
    // Line 8, the last row, is 215 mg/dL at 25.10.2025 23:55. The cut leaves "00000000-00".
    const cut = CGM.slice(0, CGM.lastIndexOf('00000000-000000001') + '00000000-00'.length);
    const { records, issues } = await read(archive({ 'cgm_data_1.csv': cut }));
    expect(issues).toEqual([
      {
        file: 'bad.zip:cgm_data_1.csv',
        line: 8,
        column: null,
        value: null,
        message: CUT_OFF_ROW_MESSAGE,
        severity: 'error',
      },
    ]);
    expect(records).toHaveLength(5);
    const whole = await read(archive({ 'cgm_data_1.csv': CGM }));
    expect(whole.records).toHaveLength(6);
  });

  it('rejects a whole last row without a line ending', async () => {
    const { records, issues } = await read(archive({ 'cgm_data_1.csv': CGM.trimEnd() }));
    expect(issues).toMatchObject([{ line: 8, message: CUT_OFF_ROW_MESSAGE, severity: 'error' }]);
    expect(records).toHaveLength(5);
  });

  it('reports a value that is not a number', async () => {
    const cgm = withLine(CGM, 5, '26.10.2025 02:50,"15x,0",00000000-000000001');
    const { issues } = await read(archive({ 'cgm_data_1.csv': cgm }));
    expect(issues).toMatchObject([
      { line: 5, column: 'CGM-Glukosewert (mg/dl)', value: '15x,0', severity: 'error' },
    ]);
  });

  it('reports a bad bolus amount and an unknown basal type', async () => {
    const bolus = withLine(
      BOLUS,
      3,
      '26.10.2025 16:38,Normal,"0,0","13,0","6,0","zwei",,,00000000-000000001',
    );
    const basal = withLine(BASAL, 4, '26.10.2025 06:00,Geplant,192,,"0,85",,00000000-000000001');
    const { records, issues } = await read(
      archive({ 'Insulin data/bolus_data_1.csv': bolus, 'Insulin data/basal_data_1.csv': basal }),
    );
    expect(issues.map((issue) => [issue.file, issue.line, issue.column, issue.value])).toEqual([
      ['bad.zip:Insulin data/bolus_data_1.csv', 3, 'Abgegebenes Insulin (E)', 'zwei'],
      ['bad.zip:Insulin data/basal_data_1.csv', 4, 'Insulin-Typ', 'Geplant'],
    ]);
    // Three boluses with two calculator records, and one basal rate.
    expect(records).toHaveLength(6);
  });

  it('reports a table it does not know', async () => {
    const text = `${TITLE}\nZeitstempel,Schritte,Seriennummer\n26.10.2025 10:00,5000,X\n`;
    const { issues } = await read(
      archive({
        'cgm_data_1.csv': text,
        'bg_data_1.csv': fixtureText('glooko-de-mgdl/bg_data_1.csv'),
      }),
    );
    expect(issues).toMatchObject([
      {
        file: 'bad.zip:cgm_data_1.csv',
        line: null,
        message: expect.stringMatching(/^Not a Glooko table/),
      },
    ]);
  });

  it('warns once about daily totals and tables it does not read', async () => {
    const totals = `${TITLE},,,\nZeitstempel,Bolus gesamt (U),Insulin gesamt (U),Basal gesamt (U),Seriennummer\n26.10.2025 23:55,"16,25","37,45","21,2",SN\n25.10.2025 23:55,"15,0","36,0","21,0",SN\n`;
    const food = `${TITLE},,,,,,\nZeitstempel,Name,KH (g),Fett,Eiweiß,Kalorien,Portionen,Anzahl der Portionen\n26.10.2025 08:00,Brot,"30,0",,,,,\n`;
    const files = {
      'cgm_data_1.csv': CGM,
      'Insulin data/insulin_data_1.csv': totals,
      'Manual data/food_data_1.csv': food,
    };
    const { records, issues } = await read(archive(files));
    expect(issues.map((issue) => [issue.file, issue.line, issue.severity])).toEqual([
      ['bad.zip:Insulin data/insulin_data_1.csv', 3, 'warning'],
      ['bad.zip:Manual data/food_data_1.csv', null, 'warning'],
    ]);
    expect(records).toHaveLength(6);
  });

  it('reads carbohydrates from cgm_carbs_data files', async () => {
    const carbs = `${TITLE.split(',').slice(0, 2).join(',')}\nZeitstempel,KH (g)\n26.10.2025 12:30,"45,0"\n`;
    const { records, issues } = await read(archive({ 'cgm_carbs_data_1.csv': carbs }));
    expect(issues).toEqual([]);
    expect(records).toMatchObject([
      { type: 'food', carbsGrams: 45, origin: { file: 'bad.zip:cgm_carbs_data_1.csv' } },
    ]);
  });

  it('reports an archive without usable rows', async () => {
    const empty = CGM.split('\n').slice(0, 2).join('\n') + '\n';
    const { records, issues } = await read(archive({ 'cgm_data_1.csv': empty }));
    expect(records).toEqual([]);
    expect(issues).toMatchObject([
      {
        file: 'bad.zip',
        line: null,
        severity: 'error',
        message: expect.stringMatching(/^No usable rows/),
      },
    ]);
  });
});
