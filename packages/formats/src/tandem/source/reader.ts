import { assertTimeZone } from '@phoenix/domain';
import { CUT_OFF_ROW_MESSAGE, type CsvRow } from '../../core/csv-tokenizer.ts';
import type { ReadEvent, ReadIssue, ReadOptions } from '../../core/types.ts';
import { fileIssue, issueEvents, RecordEmitter } from '../shared/emitter.ts';
import { tandemDeviceId } from '../shared/record-body.ts';
import { readWallTime } from '../shared/records.ts';
import { RowCells } from '../shared/row-cells.ts';
import { isBlankRow, rowBatches } from '../shared/rows.ts';
import { parseBodies } from './bodies.ts';
import {
  headerRow,
  parseSourceHeader,
  SOURCE_FORMAT_ID,
  TIME_COLUMNS,
  type SourceVariant,
} from './layouts.ts';

/**
 * Reads one file of a Tandem Source export; see `FormatModule.read` and `layouts.ts`. The
 * first row must be the header of a known file. Records come in file order, a `pumpSettings`
 * record naming the pump before the first record of each pump whose Device Type the file
 * gives. Rows are sorted oldest first, so times in the repeated autumn hour are resolved from
 * their order (`RecordEmitter`). Throws only for an unknown time zone.
 */
export async function* readSource(
  chunks: AsyncIterable<string>,
  options: ReadOptions,
): AsyncGenerator<ReadEvent> {
  assertTimeZone(options.timezone);
  const fileName = options.fileName ?? null;
  let session: SourceSession | null = null;
  for await (const rows of rowBatches(chunks)) {
    for (const row of rows) {
      if (session !== null) {
        yield* session.readRow(row);
      } else if (!isBlankRow(row)) {
        const variant = parseSourceHeader(row.fields);
        if (variant === null) {
          const message = 'Not a Tandem Source export. The first row is not a known header.';
          yield { kind: 'issue', issue: fileIssue(fileName, null, message) };
          return;
        }
        session = new SourceSession(variant, fileName, options.timezone);
      }
    }
  }
  if (session === null) {
    yield { kind: 'issue', issue: fileIssue(fileName, null, 'Empty file. It has no header row.') };
    return;
  }
  yield* session.finish();
}

class SourceSession {
  private readonly emitter: RecordEmitter;
  private readonly names: string[];

  constructor(
    private readonly variant: SourceVariant,
    private readonly fileName: string | null,
    timezone: string,
  ) {
    this.emitter = new RecordEmitter(SOURCE_FORMAT_ID, fileName, timezone, null);
    this.names = headerRow(variant);
  }

  *readRow(row: CsvRow): Generator<ReadEvent> {
    if (row.error !== undefined) {
      yield {
        kind: 'issue',
        issue: fileIssue(this.fileName, row.line, `Malformed row: ${row.error}.`),
      };
      return;
    }
    if (isBlankRow(row)) {
      return;
    }
    if (row.unterminated && !endsAfterSeparator(row, this.names.length)) {
      yield { kind: 'issue', issue: fileIssue(this.fileName, row.line, CUT_OFF_ROW_MESSAGE) };
      return;
    }
    const issues: ReadIssue[] = [];
    const timeColumn = TIME_COLUMNS[this.variant.kind];
    const cells = new RowCells(this.names, row, this.fileName, issues, [timeColumn]);
    const time = readWallTime(cells, timeColumn);
    const bodies = time === null ? [] : parseBodies(cells, this.variant);
    yield* issueEvents(issues);
    if (time === null || bodies.length === 0) {
      return;
    }
    const serialNumber = cells.text('Serial Number') || null;
    const device = { deviceType: cells.text('Device Type') || null, serialNumber };
    const deviceId = tandemDeviceId(serialNumber);
    const sourceCells = cells.leftovers();
    yield* this.emitter.add({ bodies, time, line: row.line, deviceId, device, sourceCells });
  }

  *finish(): Generator<ReadEvent> {
    yield* this.emitter.endSection();
    if (this.emitter.dataRecords === 0) {
      const message = 'No usable rows. The file contains no readable row after its header.';
      yield { kind: 'issue', issue: fileIssue(this.fileName, null, message) };
    }
  }
}

/**
 * Checks that a last row without a line ending is whole. It must have every column of the
 * header and an empty last column, because then each value in it is followed by a separator
 * and cannot have been cut short. A real Tandem Source BG file ends this way, with the empty
 * Note of its last row and no line ending, so its last reading is kept. A last row that ends
 * in a value is rejected because a reading cut from 173 to 17 would still parse.
 *
 * NOTE: a row cut right after its last separator loses that column's text (a BG row's Note)
 * without an issue.
 */
function endsAfterSeparator(row: CsvRow, columnCount: number): boolean {
  return row.fields.length === columnCount && row.fields.at(-1) === '';
}
