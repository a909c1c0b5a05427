/**
 * Streaming reader of one Glooko table. A table looks like this (German, from inside an export
 * archive, newest rows first):
 *
 * ```
 * Name:Jane Doe,Datumsbereich:22.06.2026 - 22.06.2026,
 * Zeitstempel,CGM-Glukosewert (mg/dl),Seriennummer
 * 22.06.2026 23:55,"215,0",00000000-000000000
 * 22.06.2026 23:50,"220,0",00000000-000000000
 * ```
 *
 * The title line names the person and is never read; the header on line 2 names the table.
 */
import { CsvTokenizer, CUT_OFF_ROW_MESSAGE, type CsvRow } from '../core/csv-tokenizer.ts';
import type { ReadEvent, ReadIssue } from '../core/types.ts';
import { buildRecords } from './build-records.ts';
import { parseTableHeader } from './dialect.ts';
import { parseBodies } from './row-bodies.ts';
import { cell, rowIssue, type TableContext } from './table-context.ts';
import { parseGlookoTimestamp } from './values.ts';

/** Options of `readGlookoTable`. */
export interface TableReadOptions {
  /** File name for issues and provenance. */
  file: string | null;
  /** IANA zone of the device clock; checked by the caller. */
  timezone: string;
}

/**
 * Reads one table from text chunks, yielding records and issues in file order, and returns the
 * number of records yielded. A table whose line 2 is not a known header gives one error and
 * returns null.
 */
export async function* readGlookoTable(
  chunks: AsyncIterable<string>,
  options: TableReadOptions,
): AsyncGenerator<ReadEvent, number | null> {
  const tokenizer = new CsvTokenizer({ separator: ',' });
  const session = new TableSession(options);
  for await (const chunk of chunks) {
    yield* session.readRows(tokenizer.push(chunk));
    if (session.rejected) {
      break;
    }
  }
  if (!session.rejected) {
    yield* session.readRows(tokenizer.end());
  }
  if (session.context === null) {
    const message =
      'Not a Glooko table. Line 2 is not the header of a known table: cgm, bg, carbs, alarms, bolus, basal or insulin data.';
    yield { kind: 'issue', issue: tableIssue(options.file, message) };
    return null;
  }
  return session.records;
}

/** State of one table read: its header once line 2 is read, and the records yielded. */
class TableSession {
  context: TableContext | null = null;
  /** True when line 2 is not a known header, so the rest of the table is not read. */
  rejected = false;
  records = 0;

  constructor(private readonly options: TableReadOptions) {}

  *readRows(rows: CsvRow[]): Generator<ReadEvent> {
    for (const row of rows) {
      if (this.rejected || row.line === 1) {
        continue;
      }
      if (this.context === null) {
        const header = parseTableHeader(row.fields);
        this.rejected = header === null;
        this.context =
          header === null ? null : { header, file: this.options.file, reportedColumns: new Set() };
        continue;
      }
      for (const event of readRow(this.context, row, this.options.timezone)) {
        this.records += event.kind === 'record' ? 1 : 0;
        yield event;
      }
    }
  }
}

function* readRow(context: TableContext, row: CsvRow, timezone: string): Generator<ReadEvent> {
  if (row.fields.every((field) => field.trim() === '')) {
    return;
  }
  if (row.error !== undefined) {
    yield issueEvent(rowIssue(context, row, null, `Malformed row: ${row.error}.`));
    return;
  }
  if (row.unterminated) {
    yield issueEvent(rowIssue(context, row, null, CUT_OFF_ROW_MESSAGE));
    return;
  }
  const wallMs = parseGlookoTimestamp(cell(context, row, 'timestamp'));
  if (wallMs === null) {
    const expected = context.header.language === 'de' ? 'DD.MM.YYYY HH:mm' : 'YYYY-MM-DD HH:mm';
    yield issueEvent(
      rowIssue(context, row, 'timestamp', `Invalid timestamp. Expected ${expected}.`),
    );
    return;
  }

  const issues: ReadIssue[] = [];
  const bodies = parseBodies(context, row, issues);
  yield* issues.map(issueEvent);
  if (bodies.length === 0) {
    return;
  }
  const source = { wallMs, line: row.line, serialNumber: cell(context, row, 'serialNumber') };
  for (const record of buildRecords(bodies, source, { file: context.file, timezone })) {
    yield { kind: 'record', record };
  }
}

function issueEvent(issue: ReadIssue): ReadEvent {
  return { kind: 'issue', issue };
}

/** Builds an error about a whole table or file. */
export function tableIssue(file: string | null, message: string): ReadIssue {
  return { file, line: null, column: null, value: null, message, severity: 'error' };
}
