import type { CsvRow } from '../core/csv-tokenizer.ts';
import type { IssueSeverity, ReadIssue } from '../core/types.ts';
import type { ClarityColumn } from './dialect.ts';
import type { ClarityHeader } from './header.ts';

/** Facts about the file that the row parser needs. */
export interface RowContext {
  header: ClarityHeader;
  fileName: string | null;
  /** Numbers may use a decimal comma (files separated by `;`). */
  decimalComma: boolean;
  /** True until the first row with a timestamp; rows without one before it are the preamble. */
  inPreamble: boolean;
}

/** Reads the cell of `column` in `row`, or '' when the row is short or lacks the column. */
export function cell(context: RowContext, row: CsvRow, column: ClarityColumn): string {
  const position = context.header.positions.get(column);
  return position === undefined ? '' : (row.fields[position] ?? '').trim();
}

/** Builds an issue about `column` of `row`. */
export function rowIssue(
  context: RowContext,
  row: CsvRow,
  column: ClarityColumn | null,
  message: string,
  severity: IssueSeverity = 'error',
): ReadIssue {
  const position = column === null ? undefined : context.header.positions.get(column);
  return {
    file: context.fileName,
    line: row.line,
    column: position === undefined ? null : (context.header.names[position] ?? null),
    value: position === undefined ? null : (row.fields[position] ?? ''),
    message,
    severity,
  };
}
