import { InvalidTimeZoneError } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { CUT_OFF_ROW_MESSAGE } from '../core/csv-tokenizer.ts';
import { collectRead, textChunks } from '../core/streams.ts';
import { fixtureText, readText } from '../test-support.ts';
import { abbottLibreView } from './index.ts';

const BERLIN = { timezone: 'Europe/Berlin', fileName: 'bad.csv' };
const LINES = fixtureText('libreview-librelink-mmol-daymonth-crlf.csv').split('\r\n');
const TITLE = LINES[0] as string;
const HEADER = LINES[1] as string;
const SERIAL = '450E34A9-73C7-43EE-83ED-8D97C25F0B45';

/** Returns the sample's first 20 lines with line `lineNumber` replaced. */
function withLine(lineNumber: number, replacement: string): string {
  const lines = LINES.slice(0, 20);
  lines[lineNumber - 1] = replacement;
  return lines.join('\r\n') + '\r\n';
}

function historic(timestamp: string, value: string, type = '0'): string {
  return `FreeStyle LibreLink,${SERIAL},${timestamp},${type},${value},,,,,,,,,,,,,,`;
}

describe('LibreView reader on bad input', () => {
  it('reports a bad timestamp and goes on', async () => {
    const text = withLine(5, historic('16.03.2021 14:12', '3.9'));
    const { records, issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 5,
        column: 'Device Timestamp',
        value: '16.03.2021 14:12',
        message:
          'Invalid timestamp. Expected DD-MM-YYYY HH:mm, MM-DD-YYYY HH:mm, either with hh:mm AM, or YYYY-MM-DD HH:mm.',
        severity: 'error',
      },
    ]);
    // Lines 3–20 are 18 historic rows; one is rejected.
    expect(records).toHaveLength(17);
  });

  it('reports a date that does not exist', async () => {
    const text = withLine(6, historic('30-02-2021 14:27', '3.8'));
    const { issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues).toMatchObject([
      {
        line: 6,
        column: 'Device Timestamp',
        value: '30-02-2021 14:27',
        message: expect.stringMatching(/^Invalid date for this file's day-first dates/),
      },
    ]);
  });

  it('reports a value that is not a number', async () => {
    const text = withLine(7, historic('16-03-2021 14:42', '4.0 mmol'));
    const { issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues).toMatchObject([
      { line: 7, column: 'Historic Glucose mmol/L', value: '4.0 mmol', severity: 'error' },
    ]);
  });

  it('reports an implausible value', async () => {
    const text = withLine(7, historic('16-03-2021 14:42', '80'));
    const { issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues[0]).toMatchObject({
      line: 7,
      value: '80',
      message: 'Implausible glucose value. Expected 0–1000 mg/dL.',
    });
  });

  it('reports an unknown record type', async () => {
    const text = withLine(8, historic('16-03-2021 14:57', '4.2', '7'));
    const { issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues).toMatchObject([
      { line: 8, column: 'Record Type', value: '7', severity: 'error' },
    ]);
  });

  it('reports a missing amount', async () => {
    const text = withLine(9, `FreeStyle LibreLink,${SERIAL},16-03-2021 15:12,4,,,,,,,,,,,,,,,`);
    const { issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues).toMatchObject([
      { line: 9, column: 'Rapid-Acting Insulin (units)', value: '', severity: 'error' },
    ]);
  });

  it('warns once about a column it does not read', async () => {
    let text = withLine(9, `FreeStyle LibreLink,${SERIAL},16-03-2021 15:12,5,,,,,,,2,,,,,,,,`);
    text = text.replace(
      historic('16-03-2021 15:27', '4.2'),
      `FreeStyle LibreLink,${SERIAL},16-03-2021 15:27,5,,,,,,30,1,,,,,,,,`,
    );
    const { records, issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues).toMatchObject([
      { line: 9, column: 'Carbohydrates (servings)', value: '2', severity: 'warning' },
      { line: 9, column: 'Carbohydrates (grams)', value: '', severity: 'error' },
    ]);
    expect(records.find((record) => record.origin.line === 10)).toMatchObject({
      type: 'food',
      carbsGrams: 30,
    });
  });

  it('reports a file truncated mid-row', async () => {
    const text = LINES.slice(0, 10).join('\r\n') + '\r\nFreeStyle LibreLink,450E34A9,16-03-2021 15';
    const { records, issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues).toMatchObject([{ line: 11, message: CUT_OFF_ROW_MESSAGE, severity: 'error' }]);
    expect(records).toHaveLength(8);
  });

  it('reports a quoted note cut off by the end of the file', async () => {
    const text =
      LINES.slice(0, 5).join('\r\n') +
      `\r\nFreeStyle LibreLink,${SERIAL},16-03-2021 18:00,6,,,,,,,,,,"Walk, then`;
    const { records, issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues).toMatchObject([
      { line: 6, message: 'Malformed row: unterminated quoted field at end of input.' },
    ]);
    expect(records).toHaveLength(3);
  });

  it('rejects a file that is not LibreView', async () => {
    const text = fixtureText('dexcom-clarity-g7-quoted.csv');
    const { records, issues } = await readText(abbottLibreView, text, BERLIN);
    expect(records).toEqual([]);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: null,
        column: null,
        value: null,
        message: 'Not a LibreView export. No LibreView header on line 2 or 3.',
        severity: 'error',
      },
    ]);
  });

  it('reports a file without usable rows', async () => {
    const { records, issues } = await readText(
      abbottLibreView,
      `${TITLE}\r\n${HEADER}\r\n`,
      BERLIN,
    );
    expect(records).toEqual([]);
    expect(issues.map((issue) => [issue.severity, issue.line])).toEqual([['error', null]]);
  });

  it('reports an empty file', async () => {
    const { records, issues } = await readText(abbottLibreView, '', BERLIN);
    expect(records).toEqual([]);
    expect(issues).toHaveLength(1);
  });

  it('throws for an unknown time zone before reading', async () => {
    const events = abbottLibreView.read(textChunks(TITLE), { timezone: 'Europe/Berlim' });
    await expect(collectRead(events)).rejects.toThrow(InvalidTimeZoneError);
  });
});

describe('LibreView day and month order', () => {
  // Every date has day and month of 12 or less, so nothing in the file decides the order.
  const UNDECIDED = [
    TITLE,
    HEADER,
    historic('03-04-2021 10:00', '5.0'),
    historic('03-04-2021 10:15', '5.2'),
    historic('2021-04-03 10:20', '5.3', '1').replace(',5.3,', ',,5.3,'),
    '',
  ].join('\r\n');

  it('reads undecided dates day-first and warns', async () => {
    const { records, issues } = await readText(abbottLibreView, UNDECIDED, BERLIN);
    expect(issues).toMatchObject([
      {
        line: null,
        column: 'Device Timestamp',
        severity: 'warning',
        message: expect.stringContaining(
          "Dates are read day-first (DD-MM-YYYY); pass the read option dateOrder 'monthFirst'",
        ),
      },
    ]);
    expect(records.map((record) => record.deviceTime)).toEqual([
      '2021-04-03T10:00:00',
      '2021-04-03T10:15:00',
      '2021-04-03T10:20:00',
    ]);
  });

  it('reads undecided 12-hour dates month-first', async () => {
    const text = UNDECIDED.replace('03-04-2021 10:00', '03-04-2021 10:00 AM');
    const { records, issues } = await readText(abbottLibreView, text, BERLIN);
    expect(issues[0]?.message).toContain('Dates are read month-first (MM-DD-YYYY)');
    expect(records[0]?.deviceTime).toBe('2021-03-04T10:00:00');
  });

  it('follows the dateOrder option', async () => {
    const chunks = textChunks(UNDECIDED, 64);
    const events = abbottLibreView.read(chunks, { ...BERLIN, dateOrder: 'monthFirst' });
    const { records, issues } = await collectRead(events);
    expect(issues).toEqual([]);
    expect(records[0]?.deviceTime).toBe('2021-03-04T10:00:00');
  });

  it('rejects a date that contradicts the order decided', async () => {
    // 04-13 proves month-first, so the later 13-04 cannot be a date of this file.
    const text = [
      TITLE,
      HEADER,
      historic('04-13-2021 10:00', '5.0'),
      historic('13-04-2021 10:15', '5.2'),
      '',
    ].join('\r\n');
    const { records, issues } = await readText(abbottLibreView, text, BERLIN);
    expect(records).toHaveLength(1);
    expect(issues).toMatchObject([
      { line: 4, value: '13-04-2021 10:15', message: expect.stringMatching(/month-first/) },
    ]);
  });
});
