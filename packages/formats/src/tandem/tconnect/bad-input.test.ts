import { InvalidTimeZoneError } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { CUT_OFF_ROW_MESSAGE } from '../../core/csv-tokenizer.ts';
import { collectRead, textChunks } from '../../core/streams.ts';
import { fixtureText, readText } from '../../test-support.ts';
import { tandemTConnect } from './index.ts';

const SAMPLE = fixtureText('tandem-tconnect-legacy-multisection.csv');
const LINES = SAMPLE.split('\n');

function withLine(lineNumber: number, replacement: string): string {
  const lines = [...LINES];
  lines[lineNumber - 1] = replacement;
  return lines.join('\n');
}

async function read(text: string) {
  return readText(tandemTConnect, text, { timezone: 'America/New_York', fileName: 'bad.csv' });
}

describe('t:connect reader on bad input', () => {
  it('reports a bad date and goes on', async () => {
    const text = withLine(9, '"t:slim X2 Insulin Pump","11111111","EGV","2021-04-01 00:06","230",');
    const { records, issues } = await read(text);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 9,
        column: 'EventDateTime',
        value: '2021-04-01 00:06',
        message: 'Invalid date and time. Expected YYYY-MM-DDTHH:mm:ss.',
        severity: 'error',
      },
    ]);
    expect(records.filter((record) => record.type === 'cbg')).toHaveLength(2);
  });

  it('reports a bad reading', async () => {
    const text = withLine(
      10,
      '"t:slim X2 Insulin Pump","11111111","EGV","2021-04-02T23:31:36","1B1",',
    );
    const { issues } = await read(text);
    expect(issues).toEqual([
      expect.objectContaining({
        line: 10,
        column: 'Readings (CGM / BGM)',
        value: '1B1',
        message: 'Invalid number.',
      }),
    ]);
  });

  it('reports an unknown reading type', async () => {
    const text = withLine(
      8,
      '"t:slim X2 Insulin Pump","11111111","Calibration","2021-04-01T00:01:33","235",',
    );
    const { issues } = await read(text);
    expect(issues[0]).toMatchObject({ line: 8, column: 'Description', value: 'Calibration' });
  });

  it('reports a bad bolus amount', async () => {
    const line = (LINES[17] ?? '').replace('"13.53","12.50"', '"13,53","12.50"');
    const { records, issues } = await read(withLine(18, line));
    expect(issues).toEqual([
      expect.objectContaining({
        line: 18,
        column: 'InsulinDelivered',
        value: '13,53',
        severity: 'error',
      }),
    ]);
    expect(records.filter((record) => record.origin.line === 18)).toEqual([]);
  });

  it('reports an implausible IOB', async () => {
    const { issues } = await read(withLine(13, '"IOB","81","2021-04-01T00:00:19","913.24"'));
    expect(issues[0]).toMatchObject({
      line: 13,
      column: 'IOB',
      message: 'Implausible value. Expected 0–250.',
    });
  });

  it('reports a file truncated mid-row', async () => {
    // The cut ends line 19, the second bolus row, after its CompletionDateTime.
    const row = LINES[18] ?? '';
    const cut = row.slice(0, row.indexOf(',"1.50"'));
    const text = LINES.slice(0, 18).join('\n') + '\n' + cut;
    const { records, issues } = await read(text);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 19,
        column: null,
        value: null,
        message: CUT_OFF_ROW_MESSAGE,
        severity: 'error',
      },
    ]);
    expect(records.filter((record) => record.type === 'bolus')).toHaveLength(1);
  });

  it('rejects a whole last row without a line ending', async () => {
    const { records, issues } = await read(SAMPLE.trimEnd());
    expect(issues).toMatchObject([{ line: 19, message: CUT_OFF_ROW_MESSAGE, severity: 'error' }]);
    expect(records.filter((record) => record.type === 'bolus')).toHaveLength(1);
  });

  it('reports a file truncated inside a quoted field', async () => {
    const text = LINES.slice(0, 18).join('\n') + '\n"Bolus","Standard","131","0.';
    const { records, issues } = await read(text);
    expect(issues).toEqual([
      expect.objectContaining({
        line: 19,
        message: 'Malformed row: unterminated quoted field at end of input.',
      }),
    ]);
    expect(records.filter((record) => record.type === 'bolus')).toHaveLength(1);
  });

  it('reports a section without header once', async () => {
    const text = withLine(12, '');
    const { records, issues } = await read(text);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 13,
        column: null,
        value: null,
        message: 'Section has no header row. Its rows are skipped until the next header row.',
        severity: 'error',
      },
    ]);
    expect(records.filter((record) => record.type === 'deviceEvent')).toEqual([]);
    expect(records.filter((record) => record.type === 'bolus')).toHaveLength(2);
  });

  it('warns about a section it does not read', async () => {
    const text = SAMPLE + '\nType,EventDateTime,BasalRate\n"Basal","2021-04-01T00:00:00","0.85"\n';
    const { issues } = await read(text);
    expect(issues).toEqual([
      expect.objectContaining({
        line: 21,
        severity: 'warning',
        message: 'Section "Type,EventDateTime,BasalRate" is not read, so its rows are skipped.',
      }),
    ]);
  });

  it('reports a file without usable rows', async () => {
    const { records, issues } = await read(LINES.slice(0, 7).join('\n') + '\n');
    expect(records).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        line: null,
        message: 'No usable rows. The file contains no readable reading, IOB or bolus row.',
        severity: 'error',
      }),
    ]);
  });

  it('reports an empty file', async () => {
    const { records, issues } = await read('');
    expect(records).toEqual([]);
    expect(issues.map((issue) => issue.severity)).toEqual(['error']);
  });

  it('throws for an unknown time zone before reading', async () => {
    const events = tandemTConnect.read(textChunks(SAMPLE), { timezone: 'America/New_Yrok' });
    await expect(collectRead(events)).rejects.toThrow(InvalidTimeZoneError);
  });
});
