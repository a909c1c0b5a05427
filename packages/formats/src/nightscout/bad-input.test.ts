import { InvalidTimeZoneError } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { collectRead, textChunks } from '../core/streams.ts';
import { fixtureText, readText } from '../test-support.ts';
import { nightscout } from './index.ts';

const OPTIONS = { timezone: 'UTC', fileName: 'bad.json' };

/** Returns an sgv entry at 2024-03-10T09:50:00Z with `members` added or replaced. */
function sgv(members: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'sgv', sgv: 120, date: 1710064200000, device: 'xDrip-DexcomG6', ...members };
}

function read(text: string) {
  return readText(nightscout, text, OPTIONS);
}

function arrayOf(...documents: unknown[]): string {
  return JSON.stringify(documents, null, 2);
}

describe('Nightscout reader on bad input', () => {
  it('rejects text that is not JSON', async () => {
    const { records, issues } = await read('Index,Timestamp,Event Type\n1,,FirstName\n');
    expect(records).toEqual([]);
    expect(issues).toEqual([
      {
        file: 'bad.json',
        line: null,
        column: null,
        value: null,
        message: 'Not JSON. A Nightscout export starts with [ or {.',
        severity: 'error',
      },
    ]);
  });

  it('reports an empty file', async () => {
    const { issues } = await read('  \n');
    expect(issues.map((issue) => issue.message)).toEqual(['Empty file.']);
  });

  it('keeps documents before truncated JSON', async () => {
    const text = fixtureText('nightscout-loop-entries-treatments.json');
    const cut = text.slice(0, text.indexOf('"Correction Bolus"'));
    const { records, issues } = await read(cut);
    expect(records).toHaveLength(5);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      line: 6,
      column: null,
      message: 'Truncated JSON. The file ends inside document 6.',
      severity: 'error',
    });
    expect(issues[0]?.value?.startsWith('{\n      "automatic": false,')).toBe(true);
  });

  it('reports a document that is not valid JSON', async () => {
    const text = `[${JSON.stringify(sgv())}, {"type": "sgv", "sgv": 12x}, ${JSON.stringify(sgv({ date: 1710064500000 }))}]`;
    const { records, issues } = await read(text);
    expect(records).toHaveLength(2);
    expect(issues).toEqual([
      {
        file: 'bad.json',
        line: 2,
        column: null,
        value: '{"type": "sgv", "sgv": 12x}',
        message: 'Invalid JSON. The document could not be parsed and is skipped.',
        severity: 'error',
      },
    ]);
  });

  it('reports a document of unknown shape', async () => {
    const { issues } = await read(arrayOf(sgv(), { foo: 1, bar: 'x' }));
    expect(issues).toEqual([
      {
        file: 'bad.json',
        line: 2,
        column: null,
        value: '["foo","bar"]',
        message:
          'Unknown document. Expected an entry (sgv, mbg, cal), a treatment, a devicestatus or a profile.',
        severity: 'error',
      },
    ]);
  });

  it('reports a document that is not an object', async () => {
    const { issues } = await read(arrayOf(sgv(), 42));
    expect(issues[0]).toMatchObject({
      line: 2,
      value: '42',
      message: 'Invalid document. Expected a JSON object, found a number.',
    });
  });

  it('reports a bad date', async () => {
    const { records, issues } = await read(arrayOf(sgv({ date: 'yesterday' })));
    expect(records).toEqual([]);
    expect(issues[0]).toEqual({
      file: 'bad.json',
      line: 1,
      column: 'date',
      value: 'yesterday',
      message:
        'Invalid date. Expected epoch milliseconds or an ISO 8601 time with an offset, on or after 2000-01-01.',
      severity: 'error',
    });
  });

  it('rejects a date in seconds', async () => {
    const { issues } = await read(arrayOf(sgv({ date: 1710064200 })));
    expect(issues[0]).toMatchObject({ line: 1, column: 'date', value: '1710064200' });
  });

  it('falls back to dateString with a warning', async () => {
    const document = sgv({ date: 'bad', dateString: '2024-03-10T01:50:00.000-0800' });
    const { records, issues } = await read(arrayOf(document));
    expect(records[0]).toMatchObject({ time: '2024-03-10T09:50:00.000Z', timezoneOffset: -480 });
    expect(issues).toEqual([
      {
        file: 'bad.json',
        line: 1,
        column: 'date',
        value: 'bad',
        message: "Invalid date. The document's dateString was used instead.",
        severity: 'warning',
      },
    ]);
  });

  it('reports a missing time', async () => {
    const { issues } = await read(arrayOf({ eventType: 'Note', notes: 'x', enteredBy: 'a' }));
    expect(issues[0]).toMatchObject({
      line: 1,
      column: 'date',
      value: null,
      message: 'Missing time. Expected one of date, timestamp, created_at, mills.',
    });
  });

  it('rejects sgv out of plausible range', async () => {
    const { records, issues } = await read(
      arrayOf(sgv({ sgv: 12 }), sgv({ sgv: 1200 }), sgv({ sgv: 'high' }), sgv({ sgv: 40 })),
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ valueMgDl: 40, outOfRange: null });
    expect(issues.map((issue) => [issue.line, issue.column, issue.value, issue.severity])).toEqual([
      [1, 'sgv', '12', 'error'],
      [2, 'sgv', '1200', 'error'],
      [3, 'sgv', 'high', 'error'],
    ]);
    expect(issues[0]?.message).toBe(
      'Implausible sgv. Expected 39–1000 mg/dL; values below 39 are CGM error codes, not readings.',
    );
    expect(issues[2]?.message).toBe('Invalid sgv. Expected a number.');
  });

  it('warns about a bad trend rate but keeps the reading', async () => {
    const { records, issues } = await read(arrayOf(sgv({ trendRate: 250 })));
    expect(records[0]).toMatchObject({ valueMgDl: 120, rateMgDlPerMin: null });
    expect(issues[0]).toMatchObject({ column: 'trendRate', value: '250', severity: 'warning' });
  });

  it('reports an unknown direction as a warning', async () => {
    const { records, issues } = await read(arrayOf(sgv({ direction: 'Sideways' })));
    expect(records[0]).toMatchObject({ trend: null });
    expect(issues[0]).toMatchObject({
      column: 'direction',
      value: 'Sideways',
      severity: 'warning',
    });
  });

  it('reports an unsupported entry type', async () => {
    const heartRate = { type: 'hr-bpm', bpm: 61, date: 1710064200000 };
    const { issues } = await read(JSON.stringify({ entries: [heartRate] }));
    expect(issues[0]).toMatchObject({
      line: 1,
      column: 'type',
      value: 'hr-bpm',
      message: 'Unsupported entry type. Expected sgv, mbg or cal.',
    });
  });

  it('reports treatments that give no record', async () => {
    const created = { created_at: '2024-03-10T10:00:00Z' };
    const { records, issues } = await read(
      arrayOf(
        { eventType: '<none>', insulin: 0, carbs: 0, ...created },
        { eventType: 'Temp Basal', duration: 30, ...created },
        { eventType: 'Meal Bolus', insulin: null, ...created },
        { eventType: 'Correction Bolus', insulin: 150, ...created },
      ),
    );
    expect(records).toEqual([]);
    expect(issues.map((issue) => [issue.line, issue.column, issue.message])).toEqual([
      [
        1,
        'eventType',
        'Empty treatment. Without an eventType a treatment needs insulin or carbs above 0, or notes.',
      ],
      [2, 'absolute', 'Missing basal rate. A Temp Basal needs absolute, rate or percent.'],
      [3, 'insulin', 'Missing insulin and carbs. A Meal Bolus needs at least one of them.'],
      [4, 'insulin', 'Implausible insulin. Expected 0–100 U.'],
      [
        null,
        null,
        'No usable documents. The file contains no readable entry, treatment, devicestatus or profile.',
      ],
    ]);
  });

  it('numbers NDJSON issues by their real line', async () => {
    const lines = [
      JSON.stringify(sgv()),
      '',
      '{"type": "sgv", "sgv": 1',
      JSON.stringify(sgv({ date: 1710064500000, sgv: 7 })),
      JSON.stringify(sgv({ date: 1710064800000 })),
    ];
    const { records, issues } = await read(lines.join('\n') + '\n');
    expect(records.map((record) => record.origin.line)).toEqual([1, 5]);
    expect(issues.map((issue) => [issue.line, issue.column])).toEqual([
      [3, null],
      [4, 'sgv'],
    ]);
  });

  it('warns about unknown members of a collections file', async () => {
    const text = JSON.stringify({ _note: 'skipped', entries: [sgv()], foods: [], treatments: 3 });
    const { records, issues } = await read(text);
    expect(records).toHaveLength(1);
    expect(issues).toEqual([
      {
        file: 'bad.json',
        line: null,
        column: 'foods',
        value: 'foods',
        message: 'Unknown member skipped. Expected entries, treatments, devicestatus or profile.',
        severity: 'warning',
      },
      {
        file: 'bad.json',
        line: null,
        column: 'treatments',
        value: 'treatments',
        message: 'Invalid collection treatments. Expected an array of documents; skipped.',
        severity: 'warning',
      },
    ]);
  });

  it('reports a file without usable documents', async () => {
    const { issues } = await read('[]');
    expect(issues).toEqual([
      {
        file: 'bad.json',
        line: null,
        column: null,
        value: null,
        message:
          'No usable documents. The file contains no readable entry, treatment, devicestatus or profile.',
        severity: 'error',
      },
    ]);
  });

  it('reports an invalid profile schedule', async () => {
    const profile = {
      defaultProfile: 'A',
      startDate: '2024-03-01T00:00:00Z',
      store: {
        A: {
          basal: [
            { time: '06:00', value: 1 },
            { time: 'noon', value: 2 },
          ],
        },
      },
    };
    const { records, issues } = await read(arrayOf(profile));
    expect(records).toHaveLength(1);
    expect(issues.map((issue) => [issue.column, issue.severity, issue.message])).toEqual([
      [
        'store.A.basal',
        'warning',
        'Invalid schedule entry. Expected {time, timeAsSeconds, value}; skipped.',
      ],
      [
        'store.A.basal',
        'warning',
        'Invalid schedule. Entries must start at 00:00 and ascend within one day.',
      ],
    ]);
  });

  it('throws for an unknown time zone', async () => {
    const events = nightscout.read(textChunks('[]'), { timezone: 'Mars/Olympus' });
    await expect(collectRead(events)).rejects.toBeInstanceOf(InvalidTimeZoneError);
  });
});
