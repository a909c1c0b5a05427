import { InvalidTimeZoneError } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { CUT_OFF_ROW_MESSAGE } from '../core/csv-tokenizer.ts';
import { collectRead, textChunks } from '../core/streams.ts';
import { fixtureText, readText } from '../test-support.ts';
import { dexcomClarity } from './index.ts';

const HELSINKI = { timezone: 'Europe/Helsinki', fileName: 'bad.csv' };
const TWO_WEEKS = fixtureText('dexcom-clarity-g6-2019-two-weeks.csv');
const LINES = TWO_WEEKS.split('\n');

/** Returns the first `count` lines of the two-week file, each ended by LF. */
function firstLines(count: number): string[] {
  return LINES.slice(0, count);
}

function withLine(lineNumber: number, replacement: string): string {
  const lines = firstLines(30);
  lines[lineNumber - 1] = replacement;
  return lines.join('\n') + '\n';
}

describe('Clarity reader on bad input', () => {
  it('reports a bad timestamp and goes on', async () => {
    const text = withLine(13, '12,2019-10-14 16:47,EGV,,,,Android G6,55,,,,,7873,8AB12C');
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: 13,
        column: 'Timestamp (YYYY-MM-DDThh:mm:ss)',
        value: '2019-10-14 16:47',
        message: 'Invalid timestamp. Expected YYYY-MM-DDThh:mm:ss.',
        severity: 'error',
      },
    ]);
    // Lines 12-30 are 19 data rows; one is rejected. The settings record comes on top.
    expect(records).toHaveLength(18 + 1);
  });

  it('rejects a row cut off inside its glucose value', async () => {
    // Line 14 of the real export is an EGV of 55 mg/dL; the cut leaves "5".
    const full = firstLines(14).join('\n') + '\n';
    const cut = full.slice(0, full.lastIndexOf(',Android G6,') + ',Android G6,5'.length);
    const { records, issues } = await readText(dexcomClarity, cut, HELSINKI);
    expect(issues).toEqual([
      expect.objectContaining({ line: 14, message: CUT_OFF_ROW_MESSAGE, severity: 'error' }),
    ]);
    const whole = await readText(dexcomClarity, full, HELSINKI);
    expect(records).toHaveLength(whole.records.length - 1);
    const glucose = whole.records.filter((record) => record.type === 'cbg');
    expect(glucose.at(-1)).toMatchObject({ valueMgDl: 55 });
  });

  it('reports a value that is not a number', async () => {
    const text = withLine(14, '13,2019-10-14T16:52:37,EGV,,,,Android G6,5x5,,,,,8173,8AB12C');
    const { issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      line: 14,
      column: 'Glucose Value (mg/dL)',
      value: '5x5',
      severity: 'error',
    });
  });

  it('reports an implausible value', async () => {
    const text = withLine(14, '13,2019-10-14T16:52:37,EGV,,,,Android G6,1200,,,,,8173,8AB12C');
    const { issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues[0]).toMatchObject({
      line: 14,
      value: '1200',
      message: 'Implausible glucose value. Expected 0–1000 mg/dL.',
    });
  });

  it('reports a bad insulin amount and an unknown event', async () => {
    let text = withLine(15, '14,2019-10-14T16:53:05,Insulin,Fast-Acting,,,Android G6,,twelve,,,,');
    text = text.replace('15,2019-10-14T16:57:36,EGV,', '15,2019-10-14T16:57:36,Sleep,');
    const { issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues.map((issue) => [issue.line, issue.column, issue.value])).toEqual([
      [15, 'Insulin Value (u)', 'twelve'],
      [16, 'Event Type', 'Sleep'],
    ]);
  });

  it('warns about a bad transmitter time but keeps the reading', async () => {
    const text = withLine(12, '11,2019-10-14T16:42:37,EGV,,,,Android G6,55,,,,,75x3,8AB12C');
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues[0]).toMatchObject({
      line: 12,
      column: 'Transmitter Time (Long Integer)',
      severity: 'warning',
    });
    expect(records.find((record) => record.origin.line === 12)).toMatchObject({
      valueMgDl: 55,
      transmitterTimeSec: null,
    });
  });

  it('reports a file truncated mid-row', async () => {
    // Line 21 is "20,2019-10-14T17:18:09,Calibration,…", cut inside the timestamp.
    const text = firstLines(20).join('\n') + '\n20,2019-10-14T17:1';
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 21, severity: 'error' });
    // Lines 12-20: eight EGV rows and one calibration, plus the settings.
    expect(records).toHaveLength(10);
  });

  it('reports a quoted file truncated inside a field', async () => {
    const text = fixtureText('dexcom-clarity-g7-quoted.csv').slice(0, 1600);
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe('Malformed row: unterminated quoted field at end of input.');
    expect(records.length).toBeGreaterThan(0);
  });

  it('rejects a file that is not Clarity', async () => {
    const text =
      'Device,Serial Number,Device Timestamp,Record Type\nFreeStyle LibreLink,ABC,01-02-2021 10:00,0\n';
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(records).toEqual([]);
    expect(issues).toEqual([
      {
        file: 'bad.csv',
        line: null,
        column: null,
        value: null,
        message: 'Not a Dexcom Clarity export. The first row is not a Clarity header.',
        severity: 'error',
      },
    ]);
  });

  it('reports a file without usable rows', async () => {
    const text = firstLines(11).join('\n') + '\n';
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(records).toEqual([]);
    expect(issues.map((issue) => issue.message)).toEqual([
      'No usable rows. The file contains no readable glucose, insulin, carb or event row.',
    ]);
  });

  it('reports an empty file', async () => {
    const { records, issues } = await readText(dexcomClarity, '', HELSINKI);
    expect(records).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.severity).toBe('error');
  });

  it('throws for an unknown time zone before reading', async () => {
    const events = dexcomClarity.read(textChunks(TWO_WEEKS), { timezone: 'Europe/Helsinky' });
    await expect(collectRead(events)).rejects.toThrow(InvalidTimeZoneError);
  });
});

describe('Clarity reader on unusual rows', () => {
  it('warns about an implausible rate of change', async () => {
    const text = withLine(12, '11,2019-10-14T16:42:37,EGV,,,,Android G6,55,,,,-150,7573,8AB12C');
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 12, value: '-150', severity: 'warning' });
    const reading = records.find((record) => record.origin.line === 12);
    expect(reading).toMatchObject({ valueMgDl: 55, rateMgDlPerMin: null });
  });

  it('reads health and alert events', async () => {
    let text = withLine(13, '12,2019-10-14T16:47:37,Health,Illness,,,Android G6,,,,,,');
    text = text.replace(
      '13,2019-10-14T16:52:37,EGV,,,,Android G6,55,,,,,8173,8AB12C',
      '13,2019-10-14T16:52:37,Alert,Urgent Low,,,Android G6,54,,,,,',
    );
    const { records, issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues).toEqual([]);
    expect(records.find((record) => record.origin.line === 13)).toMatchObject({
      type: 'deviceEvent',
      subType: 'health',
      detail: 'Illness',
      valueMgDl: null,
      deviceId: 'dexcom-g6:8AB12C',
    });
    expect(records.find((record) => record.origin.line === 14)).toMatchObject({
      type: 'deviceEvent',
      subType: 'alarm',
      detail: 'Urgent Low',
      valueMgDl: 54,
    });
  });

  it('rejects a preamble row after data rows', async () => {
    const text = withLine(13, '12,,Alert,High,,,Android G6,270,,,,,');
    const { issues } = await readText(dexcomClarity, text, HELSINKI);
    expect(issues.map((issue) => [issue.line, issue.column, issue.value])).toEqual([
      [13, 'Timestamp (YYYY-MM-DDThh:mm:ss)', ''],
    ]);
  });
});
