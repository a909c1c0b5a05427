import { InvalidTimeZoneError } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { CUT_OFF_ROW_MESSAGE } from '../core/csv-tokenizer.ts';
import { collectRead, textChunks } from '../core/streams.ts';
import { fixtureText, readText } from '../test-support.ts';
import { medtronicCareLink } from './index.ts';

const BERLIN = { timezone: 'Europe/Berlin', fileName: 'bad.csv' };
const SAMPLE = fixtureText('carelink-780g-eu-semicolon.csv');
const LINES = SAMPLE.split('\n');

/** Returns the sample with line `lineNumber` (one-based) replaced. */
function withLine(lineNumber: number, replacement: string): string {
  const lines = [...LINES];
  lines[lineNumber - 1] = replacement;
  return lines.join('\n');
}

/** Line `lineNumber` of the sample with its `;`-separated cell at `cellNumber` replaced. */
function withCell(lineNumber: number, cellNumber: number, value: string): string {
  const cells = (LINES[lineNumber - 1] ?? '').split(';');
  cells[cellNumber - 1] = value;
  return withLine(lineNumber, cells.join(';'));
}

async function read(text: string) {
  return readText(medtronicCareLink, text, BERLIN);
}

describe('CareLink reader on bad input', () => {
  it('reports a bad date and goes on', async () => {
    const { records, issues } = await read(withCell(27, 2, '2026/13/05'));
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 27,
        column: 'Date',
        value: '2026/13/05',
        message: 'Invalid date. The day does not exist in that month.',
        severity: 'error',
      },
    ]);
    expect(records.filter((record) => record.type === 'cbg')).toHaveLength(7);
  });

  it('reports a date in an unknown style', async () => {
    const { issues } = await read(withCell(28, 2, '07-05-2026'));
    expect(issues[0]).toMatchObject({
      line: 28,
      column: 'Date',
      value: '07-05-2026',
      severity: 'error',
    });
  });

  it('reports a bad time', async () => {
    const { issues } = await read(withCell(13, 3, '22:07:4x'));
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 13,
        column: 'Time',
        value: '22:07:4x',
        message: 'Invalid time. Expected HH:mm:ss.',
        severity: 'error',
      },
    ]);
  });

  it('reports a bad glucose number', async () => {
    const { records, issues } = await read(withCell(29, 35, '1o5'));
    expect(issues).toEqual([
      expect.objectContaining({
        line: 29,
        column: 'Sensor Glucose (mg/dL)',
        value: '1o5',
        message: 'Invalid number.',
      }),
    ]);
    expect(records.some((record) => record.origin.line === 29)).toBe(false);
  });

  it('reports an implausible basal rate', async () => {
    const { issues } = await read(withCell(19, 8, '250'));
    expect(issues).toEqual([
      expect.objectContaining({
        line: 19,
        column: 'Basal Rate (U/h)',
        value: '250',
        message: 'Implausible value. Expected 0–100.',
        severity: 'error',
      }),
    ]);
  });

  it('warns about a bad wizard number and keeps it verbatim', async () => {
    const { records, issues } = await read(withCell(12, 28, 'fourteen'));
    expect(issues).toEqual([
      expect.objectContaining({
        line: 12,
        column: 'BWZ Carb Input (grams)',
        message: 'Invalid number. The field is left empty.',
        severity: 'warning',
      }),
    ]);
    const wizard = records.find((record) => record.origin.line === 12);
    expect(wizard).toMatchObject({
      carbsGrams: null,
      sourceCells: { 'BWZ Carb Input (grams)': 'fourteen' },
    });
  });

  it('warns about a bad duration', async () => {
    const { issues } = await read(withCell(10, 15, '90 min'));
    expect(issues[0]).toMatchObject({
      line: 10,
      column: 'Bolus Duration (h:mm:ss)',
      severity: 'warning',
    });
  });

  it('reports a file truncated mid-row', async () => {
    const text = LINES.slice(0, 29).join('\n') + '\n156,00000;2026/07/05;03:3';
    const { records, issues } = await read(text);
    expect(issues).toEqual([
      expect.objectContaining({ line: 30, message: CUT_OFF_ROW_MESSAGE, severity: 'error' }),
    ]);
    // Lines 27-29 are sensor rows.
    expect(records.filter((record) => record.type === 'cbg')).toHaveLength(3);
  });

  it('reports a file truncated inside a quoted field', async () => {
    const { records, issues } = await read(LINES.slice(0, 19).join('\n') + '\n"160,00000;2026/07');
    expect(issues).toEqual([
      expect.objectContaining({
        line: 20,
        message: 'Malformed row: unterminated quoted field at end of input.',
      }),
    ]);
    expect(records.length).toBeGreaterThan(0);
  });

  it('reports a section without header once', async () => {
    const text = withLine(26, '');
    const { records, issues } = await read(text);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 27,
        column: null,
        value: null,
        message: 'Section has no header row. Its rows are skipped until the next header row.',
        severity: 'error',
      },
    ]);
    expect(records.filter((record) => record.type === 'cbg')).toEqual([]);
    expect(records.filter((record) => record.type === 'basal')).toHaveLength(4);
  });

  it('reports data rows before any header', async () => {
    const text = LINES.slice(26).join('\n');
    const { records, issues } = await read(text);
    expect(issues.map((issue) => [issue.line, issue.message])).toEqual([
      [1, 'Section has no header row. Its rows are skipped until the next header row.'],
      [null, 'No usable rows. The file contains no readable glucose, insulin or pump event row.'],
    ]);
    expect(records).toEqual([]);
  });

  it('reports a file without usable rows', async () => {
    const { records, issues } = await read(LINES.slice(0, 7).join('\n') + '\n');
    expect(records).toEqual([]);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: null,
        column: null,
        value: null,
        message:
          'No usable rows. The file contains no readable glucose, insulin or pump event row.',
        severity: 'error',
      },
    ]);
  });

  it('reports an empty file', async () => {
    const { records, issues } = await read('');
    expect(records).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.severity).toBe('error');
  });

  it('warns about a row without data', async () => {
    const { issues } = await read(withLine(13, '74,00000;2026/07/04;22:07:40' + ';'.repeat(51)));
    expect(issues).toEqual([
      expect.objectContaining({ line: 13, column: null, severity: 'warning' }),
    ]);
  });

  it('throws for an unknown time zone before reading', async () => {
    const events = medtronicCareLink.read(textChunks(SAMPLE), { timezone: 'Europe/Berlinn' });
    await expect(collectRead(events)).rejects.toThrow(InvalidTimeZoneError);
  });
});
