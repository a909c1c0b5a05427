import { InvalidTimeZoneError } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { CUT_OFF_ROW_MESSAGE } from '../../core/csv-tokenizer.ts';
import { collectRead, textChunks } from '../../core/streams.ts';
import { fixtureText, readText } from '../../test-support.ts';
import { SOURCE_BG_SAMPLE } from '../test-samples.ts';
import { tandemSource } from './index.ts';

const CGM = fixtureText('tandem-source-cgm-handmade.csv');
const CGM_LINES = CGM.split('\n');
const BOLUS_LINES = fixtureText('tandem-source-bolus-handmade.csv').split('\n');
const BASAL_LINES = fixtureText('tandem-source-basal-handmade.csv').split('\n');

function withLine(lines: readonly string[], lineNumber: number, replacement: string): string {
  const copy = [...lines];
  copy[lineNumber - 1] = replacement;
  return copy.join('\n');
}

async function read(text: string) {
  return readText(tandemSource, text, { timezone: 'Europe/Berlin', fileName: 'bad.csv' });
}

describe('Tandem Source reader on bad input', () => {
  it('reports a bad date and goes on', async () => {
    const text = withLine(CGM_LINES, 3, 'Tandem Mobi™ System,1234567,EGV,26.10.2025 01:07,91');
    const { records, issues } = await read(text);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 3,
        column: 'Event Date Time',
        value: '26.10.2025 01:07',
        message: 'Invalid date and time. Expected YYYY-MM-DDTHH:mm:ss.',
        severity: 'error',
      },
    ]);
    expect(records.filter((record) => record.type === 'cbg')).toHaveLength(51);
  });

  it('reports a bad reading', async () => {
    const { issues } = await read(
      withLine(CGM_LINES, 4, 'Tandem Mobi™ System,1234567,EGV,2025-10-26T01:12:31,8S'),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        line: 4,
        column: 'Readings (mg/dL)',
        value: '8S',
        message: 'Invalid number.',
      }),
    ]);
  });

  it('reports a missing dose and an implausible one', async () => {
    let text = withLine(BASAL_LINES, 2, 'Tandem Mobi™ System,1234567,2025-03-30T01:30:04,');
    text = text.replace('2025-03-30T01:35:05,0.041', '2025-03-30T01:35:05,41');
    const { issues } = await read(text);
    expect(issues.map((issue) => [issue.line, issue.column, issue.value, issue.message])).toEqual([
      [2, 'Commanded Basal Dose (units of insulin)', '', 'Missing value.'],
      [3, 'Commanded Basal Dose (units of insulin)', '41', 'Implausible value. Expected 0–8.333.'],
    ]);
  });

  it('warns about a bad carb amount but keeps the bolus', async () => {
    const line = (BOLUS_LINES[1] ?? '').replace(',100,0,17,', ',100,0,1 7,');
    const { records, issues } = await read(withLine(BOLUS_LINES, 2, line));
    expect(issues).toEqual([
      expect.objectContaining({ line: 2, column: 'Carb Size', value: '1 7', severity: 'warning' }),
    ]);
    expect(records[0]).toMatchObject({ type: 'bolus', normalUnits: 2.48 });
  });

  it('reports a file truncated mid-row', async () => {
    const text =
      CGM_LINES.slice(0, 10).join('\n') + '\nTandem Mobi™ System,1234567,EGV,2025-10-26T01:';
    const { records, issues } = await read(text);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 11,
        column: null,
        value: null,
        message: CUT_OFF_ROW_MESSAGE,
        severity: 'error',
      },
    ]);
    expect(records.filter((record) => record.type === 'cbg')).toHaveLength(9);
  });

  it('rejects a last dose cut off inside its value', async () => {
    // The last row's dose 0.047 still parses when cut to 0.04.
    const text = BASAL_LINES.slice(0, -1).join('\n').slice(0, -1);
    expect(text.endsWith(',0.04')).toBe(true);
    const { records, issues } = await read(text);
    expect(issues).toMatchObject([
      { line: BASAL_LINES.length - 1, message: CUT_OFF_ROW_MESSAGE, severity: 'error' },
    ]);
    const whole = await read(BASAL_LINES.join('\n'));
    const basal = records.filter((record) => record.type === 'basal');
    expect(basal).toHaveLength(
      whole.records.filter((record) => record.type === 'basal').length - 1,
    );
  });

  it('rejects a last BG row that ends in a note', async () => {
    const text = SOURCE_BG_SAMPLE.replace(/,180,$/, ',180,after din');
    expect(text).not.toBe(SOURCE_BG_SAMPLE);
    const { records, issues } = await read(text);
    expect(issues).toMatchObject([{ line: 4, message: CUT_OFF_ROW_MESSAGE, severity: 'error' }]);
    expect(records.filter((record) => record.type === 'smbg')).toHaveLength(2);
  });

  it('keeps a last BG row that ends in its empty note', async () => {
    const { records, issues } = await read(SOURCE_BG_SAMPLE);
    expect(SOURCE_BG_SAMPLE.endsWith(',180,')).toBe(true);
    expect(issues).toEqual([]);
    expect(records.filter((record) => record.type === 'smbg')).toHaveLength(3);
  });

  it('reports a file truncated inside a quoted field', async () => {
    const text = CGM_LINES.slice(0, 5).join('\n') + '\n"Tandem Mobi';
    const { issues } = await read(text);
    expect(issues).toEqual([
      expect.objectContaining({
        line: 6,
        message: 'Malformed row: unterminated quoted field at end of input.',
      }),
    ]);
  });

  it('rejects a file without a known header', async () => {
    const { records, issues } = await read(CGM_LINES.slice(1).join('\n'));
    expect(records).toEqual([]);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: null,
        column: null,
        value: null,
        message: 'Not a Tandem Source export. The first row is not a known header.',
        severity: 'error',
      },
    ]);
  });

  it('reports a file without usable rows', async () => {
    const { issues } = await read(`${CGM_LINES[0]}\n\n`);
    expect(issues.map((issue) => issue.message)).toEqual([
      'No usable rows. The file contains no readable row after its header.',
    ]);
  });

  it('reports an empty file', async () => {
    const { issues } = await read('');
    expect(issues.map((issue) => issue.message)).toEqual(['Empty file. It has no header row.']);
  });

  it('throws for an unknown time zone before reading', async () => {
    const events = tandemSource.read(textChunks(CGM), { timezone: 'Berlin' });
    await expect(collectRead(events)).rejects.toThrow(InvalidTimeZoneError);
  });
});
